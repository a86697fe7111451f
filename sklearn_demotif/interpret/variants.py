"""Variant effects: how single-nucleotide variants change a model's log-odds.

For every SNV of a VCF, :func:`variant_effects` scores the window of the
genome centred on it twice, with the reference and with the alternative
base, and reports both log-odds and their difference.  Variants it cannot
score say why in their ``status``.  :func:`write_variant_effects` and
:func:`read_variant_effects` keep the table in a TSV file that round-trips.
"""

from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.utils._param_validation import Interval, validate_params
from tqdm.auto import tqdm

from .._atomic import write_atomically
from .._options import SCORING_BATCH_SIZE
from ..encoding import ALPHABET
from ..io import as_genome, read_variants
from ._tasks import task_column, track_tasks
from .genome_scan import _check_batch_memory, _log_odds_scorer

__all__ = [
    "variant_effects",
    "write_variant_effects",
    "read_variant_effects",
    "EFFECT_COLUMNS",
]

#: Columns of the variant-effect table, in order.
EFFECT_COLUMNS = ["chrom", "pos", "id", "ref", "alt", "ref_score", "alt_score", "delta", "status"]
_SCORES = ["ref_score", "alt_score", "delta"]
_VARIANT_COLUMNS, _STATUS = EFFECT_COLUMNS[:5], EFFECT_COLUMNS[-1]


def _score_columns(tasks):
    """The score columns: ``ref_score, alt_score, delta``, or those three per task."""
    if tasks is None:
        return list(_SCORES)
    return [task_column(column, name) for name in tasks for column in _SCORES]


def _table_tasks(columns):
    """The tasks of a table's ``delta_<task>`` columns; None for a one-task table."""
    return track_tasks(columns, "delta") or None
_BASES = frozenset(ALPHABET)


def _as_variants(vcf):
    if isinstance(vcf, pd.DataFrame):
        missing = {"chrom", "pos", "ref", "alt"} - set(vcf.columns)
        if missing:
            raise ValueError(f"the variant table lacks the column(s) {sorted(missing)}")
        variants = vcf.reset_index(drop=True).copy()
        if "id" not in variants:
            variants["id"] = "."
        return variants, vcf.attrs.get("source", "the variant table")
    return read_variants(vcf), str(vcf)


@validate_params(
    {
        "window": [Interval(Integral, 1, None, closed="left"), None],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "verbose": ["verbose"],
    },
    prefer_skip_nested_validation=True,
)
def variant_effects(
    model, vcf, genome, *, task=None, window=None, batch_size=SCORING_BATCH_SIZE, verbose=0
):
    """Score every SNV of a VCF with the reference and the alternative base.

    The window of ``window`` bases centred on the variant (the variant at
    index ``window // 2``) is cut from the genome, padded with ``N`` where it
    reaches past a chromosome end, and scored with ``decision_function``
    (the positive class's log-odds) as it is and with the alternative base.
    For a multi-task model the log-odds is that of the task ``task=``, or with
    ``task=None`` of every task, each with its own three score columns.

    Parameters
    ----------
    model : classifier or Pipeline
        A fitted binary or multi-task classifier of this package, or a Pipeline
        ending in one.
    vcf : str, path-like or pandas.DataFrame
        A VCF file (plain, gzipped or bgzipped; read with cyvcf2, see
        :func:`~sklearn_demotif.io.read_variants`), or a table with ``chrom``,
        ``pos`` (1-based), ``ref``, ``alt`` and optionally ``id``.
    genome : str, path-like or Genome
        The genome the VCF was called against.
    task : int, str or None, default=None
        For a multi-task model: the task (index or name) whose log-odds is
        scored; ``None`` scores every task.  Must be ``None`` for a
        single-task model.
    window : int or None, default=None
        Window length; ``None`` is the model's training length (other lengths
        are centre-cropped or ``N``-padded to it by the model's encoder).
    batch_size : int, default=1024
        Variants scored at a time; a batch that would need more than the
        memory budget (:func:`~sklearn_demotif._resources.check_memory`) is
        refused.
    verbose : int, default=0
        1 shows a progress bar (tqdm, on stderr).

    Returns
    -------
    effects : pandas.DataFrame
        ``chrom, pos, id, ref, alt, ref_score, alt_score, delta, status``, one
        row per alternative allele, in the VCF's order; ``delta`` is
        ``alt_score - ref_score``.  ``status`` is ``"ok"`` for a scored SNV,
        ``"ref_mismatch"`` when the genome's base at ``pos`` is not ``ref``
        (not scored: the VCF and the genome disagree), ``"unsupported"`` for
        indels, multi-base substitutions, symbolic or missing alleles and
        IUPAC codes (not scored); scores of unscored rows are NaN.  For a
        multi-task model with ``task=None`` the three score columns are
        repeated per task, as ``ref_score_<task>, alt_score_<task>,
        delta_<task>``, in the order of ``task_names_``.

    Raises
    ------
    ValueError
        For a VCF without variants, a chromosome the genome lacks (the message
        says when the names follow another convention, ``1`` against
        ``chr1``), a position outside its chromosome, a classifier with
        more than two classes, a task out of range, unknown or given to a
        single-task model, or a ``batch_size`` past the memory budget.
    ImportError
        When cyvcf2 is not installed (``pip install "sklearn-demotif[genome]"``).

    See Also
    --------
    write_variant_effects : Write the table as TSV.

    Examples
    --------
    >>> import tempfile
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_demotif import DeepMotifClassifier, OneHotDNA
    >>> from sklearn_demotif.datasets import make_genome_dataset, make_motif_dataset
    >>> from sklearn_demotif.interpret import variant_effects
    >>> files = make_genome_dataset(tempfile.mkdtemp(), n_chromosomes=2,
    ...                             chromosome_length=30_000, n_peaks=5, random_state=0)
    >>> X, y = make_motif_dataset("MA0139", n_samples=40, length=30, random_state=0)
    >>> clf = DeepMotifClassifier(n_filters=8, max_epochs=1, random_state=0, verbose=0)
    >>> model = make_pipeline(OneHotDNA(), clf).fit(X, y)
    >>> effects = variant_effects(model, files.vcf, files.genome)
    >>> effects.columns.tolist()
    ['chrom', 'pos', 'id', 'ref', 'alt', 'ref_score', 'alt_score', 'delta', 'status']
    >>> sorted(set(effects.status))
    ['ok', 'ref_mismatch', 'unsupported']
    """
    model_width, score, tasks = _log_odds_scorer(model, task)
    width = model_width if window is None else window
    genome = as_genome(genome)
    variants, source = _as_variants(vcf)
    if variants.empty:
        raise ValueError(f"{source}: no variants")
    positions = _check_positions(variants, genome, source)
    effects = variants[_VARIANT_COLUMNS].copy()
    columns = _score_columns(tasks)
    for column in columns:
        effects[column] = np.nan
    is_snv = (
        variants["ref"].str.upper().isin(_BASES) & variants["alt"].str.upper().isin(_BASES)
    ).to_numpy()
    status = np.where(is_snv, "ok", "unsupported").astype(object)
    rows = np.flatnonzero(is_snv)
    # Each variant is scored twice: its reference window and its altered copy.
    _check_batch_memory(2 * min(batch_size, len(rows)), width, batch_size, "variant windows")
    with tqdm(total=len(rows), disable=not verbose, unit="variant", desc="scoring") as bar:
        for first_row in range(0, len(rows), batch_size):
            batch = rows[first_row : first_row + batch_size]
            _score_batch(batch, variants, positions, genome, width, score, effects, status,
                         columns)
            bar.update(len(batch))
    for ref, alt, delta in zip(columns[::3], columns[1::3], columns[2::3], strict=True):
        effects[delta] = effects[alt] - effects[ref]
    effects["status"] = status
    return effects[[*_VARIANT_COLUMNS, *columns, _STATUS]]


def _check_positions(variants, genome, source):
    """The 0-based positions of the variants, all on chromosomes of ``genome`` and inside them."""
    first = variants.drop_duplicates("chrom")
    genome.check_chromosomes(
        first["chrom"],
        source,
        {c: f"position {p}" for c, p in zip(first["chrom"], first["pos"], strict=True)},
    )
    positions = variants["pos"].to_numpy(np.int64) - 1
    sizes = genome.sizes.reindex(variants["chrom"]).to_numpy(np.int64)
    outside = (positions < 0) | (positions >= sizes)
    if outside.any():
        row = variants.iloc[int(np.flatnonzero(outside)[0])]
        raise ValueError(
            f"{source}: variant {row['chrom']}:{row['pos']} lies outside {row['chrom']} "
            f"({int(genome.sizes[row['chrom']])} bp in {genome.path.name}); is the VCF of "
            "another assembly?"
        )
    return positions


def _score_batch(batch, variants, positions, genome, width, score, effects, status, columns):
    """Score the SNVs of rows ``batch`` whose reference base is the genome's, in ``effects``;
    mark the others ``"ref_mismatch"`` in ``status``."""
    centre = width // 2
    windows, _ = genome.fetch_windows(
        variants["chrom"].to_numpy()[batch], positions[batch] - centre, width,
        what="variant windows",
    )
    references = variants["ref"].str.upper().to_numpy()[batch]
    matches = np.array([w[centre] for w in windows], dtype=object) == references
    status[batch[~matches]] = "ref_mismatch"
    scored, windows = batch[matches], windows[matches]
    if len(scored):
        alternatives = variants["alt"].str.upper().to_numpy()[scored]
        altered = [
            w[:centre] + a + w[centre + 1 :]
            for w, a in zip(windows, alternatives, strict=True)
        ]
        n_columns = len(columns) // 3
        effects.loc[scored, columns[::3]] = score(list(windows)).reshape(len(scored), n_columns)
        effects.loc[scored, columns[1::3]] = score(altered).reshape(len(scored), n_columns)


def write_variant_effects(path, effects):
    """Write a variant-effect table as TSV (written whole or not at all).

    Scores are written with every digit (they read back equal) and missing
    ones as ``NA``.

    Parameters
    ----------
    path : str or path-like
        The TSV file.
    effects : pandas.DataFrame
        As :func:`variant_effects` returns (one-task or multi-task columns).

    Returns
    -------
    path : pathlib.Path
        The written file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> from sklearn_demotif.interpret import read_variant_effects, write_variant_effects
    >>> effects = pd.DataFrame({"chrom": ["chr1"], "pos": [10], "id": ["."], "ref": ["A"],
    ...     "alt": ["G"], "ref_score": [0.1], "alt_score": [-2.5], "delta": [-2.6],
    ...     "status": ["ok"]})
    >>> path = write_variant_effects(pathlib.Path(tempfile.mkdtemp()) / "e.tsv", effects)
    >>> read_variant_effects(path).equals(effects)
    True
    """
    columns = [*_VARIANT_COLUMNS, *_score_columns(_table_tasks(effects.columns)), _STATUS]
    missing = [column for column in columns if column not in effects]
    if missing:
        raise ValueError(f"the variant-effect table lacks the column(s) {missing}")
    text = effects[columns].to_csv(sep="\t", index=False, na_rep="NA", lineterminator="\n")
    return write_atomically(path, text)


def read_variant_effects(path):
    """Read a TSV written by :func:`write_variant_effects`.

    Parameters
    ----------
    path : str or path-like
        The TSV file.

    Returns
    -------
    effects : pandas.DataFrame
        ``chrom, pos, id, ref, alt, ref_score, alt_score, delta, status``, or
        with ``ref_score_<task>, alt_score_<task>, delta_<task>`` per task for
        a multi-task model's table.

    Raises
    ------
    ValueError
        When the header is not the table's (the message names the file).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_demotif.interpret import read_variant_effects
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "e.tsv"
    >>> header = "chrom pos id ref alt ref_score alt_score delta status".split()
    >>> row = "chr1 5 . AC A NA NA NA unsupported".split()
    >>> _ = path.write_text("\\t".join(header) + "\\n" + "\\t".join(row) + "\\n")
    >>> effects = read_variant_effects(path)
    >>> effects.loc[0, "pos"], effects.loc[0, "status"], effects["delta"].isna().all()
    (np.int64(5), 'unsupported', np.True_)
    """
    with open(path, encoding="utf-8") as handle:
        header = handle.readline().rstrip("\r\n").split("\t")
    scores = _score_columns(_table_tasks(header))
    if header != [*_VARIANT_COLUMNS, *scores, _STATUS]:
        raise ValueError(
            f"{path}, line 1: not a variant-effect table; expected the columns "
            f"{' '.join(EFFECT_COLUMNS)} (with ref_score_<task>, alt_score_<task>, "
            f"delta_<task> per task for a multi-task model), got {' '.join(header)[:200]}"
        )
    text_columns = {column: str for column in ("chrom", "id", "ref", "alt", "status")}
    try:
        return pd.read_csv(
            path,
            sep="\t",
            dtype={**text_columns, "pos": np.int64, **{c: np.float64 for c in scores}},
            keep_default_na=False,
            na_values={column: ["NA"] for column in scores},
        )
    except ValueError as error:
        raise ValueError(f"{path}: not a valid variant-effect table ({error})") from None
