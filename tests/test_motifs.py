"""The PWM object, its file formats, and class optimization (``motif_``)."""

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from sklearn_demotif import DeepMotifClassifier
from sklearn_demotif._jaspar import fetch_jaspar_collection, fetch_jaspar_motif
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode
from sklearn_demotif.motifs import (
    PWM,
    optimize_class,
    read_jaspar,
    read_meme,
    read_transfac,
    restart_stability,
    write_jaspar,
    write_meme,
    write_transfac,
)

UNIFORM = [0.25, 0.25, 0.25, 0.25]


def random_pwms(n_motifs, seed=0):
    rng = np.random.RandomState(seed)
    return [
        PWM(
            rng.dirichlet(np.ones(4), size=rng.randint(5, 20)).T,
            name=f"random motif {index}",
            metadata={"identifier": f"RND{index}.1"},
        )
        for index in range(n_motifs)
    ]


# --- the PWM object -----------------------------------------------------------


@pytest.mark.parametrize(
    "matrix, message",
    [
        ([[0.5, 1.2], [0.5, -0.2], [0, 0], [0, 0]], "column 1 has a negative probability"),
        ([[np.nan], [0.5], [0.25], [0.25]], "column 0 contains NaN"),
        ([[0.5, 0.5], [0.5, 0.1], [0, 0], [0, 0]], "column 1 sums to 0.6"),
        (np.full((7, 4), 0.25), r"looks like \(width, 4\)"),
        (np.zeros((4, 0)), "at least one column"),
    ],
)
def test_invalid_matrices_raise_naming_the_problem(matrix, message):
    with pytest.raises(ValueError, match=message):
        PWM(matrix)


def test_matrix_is_a_read_only_float64_copy():
    source = np.array([[1.0], [0.0], [0.0], [0.0]])
    pwm = PWM(source)
    source[0, 0] = 0.5
    assert pwm.matrix.dtype == np.float64 and pwm.matrix[0, 0] == 1.0
    with pytest.raises(ValueError):
        pwm.matrix[0, 0] = 0.0


def test_information_content_is_zero_for_uniform_and_two_bits_for_one_base():
    pwm = PWM(np.column_stack([UNIFORM, [0, 0, 1, 0], [0.5, 0.5, 0, 0]]))
    np.testing.assert_allclose(pwm.information_content(), [0.0, 2.0, 1.0])
    # Against a background rich in G, a certain G carries less information.
    np.testing.assert_allclose(
        pwm.information_content(background=[0.125, 0.125, 0.5, 0.25])[1], 1.0
    )


def test_consensus_and_reverse_complement_follow_the_strands():
    pwm = PWM.from_jaspar("MA0139.2")
    reverse = pwm.reverse_complement()
    complement = str.maketrans("ACGT", "TGCA")
    assert reverse.consensus == pwm.consensus.translate(complement)[::-1]
    np.testing.assert_array_equal(reverse.reverse_complement().matrix, pwm.matrix)
    assert reverse.name == pwm.name and reverse.metadata == pwm.metadata


def test_trim_drops_low_information_flanks_but_keeps_inner_columns():
    motif = PWM.from_jaspar("MA0139.2").matrix
    flank = np.tile(np.array(UNIFORM)[:, None], (1, 30))
    inner = np.array(UNIFORM)[:, None]
    padded = PWM(np.hstack([flank, motif[:, :5], inner, motif[:, 5:], flank[:, :20]]))
    trimmed = padded.trim()
    information = PWM(motif).information_content()
    expected_start = 30 + int(np.argmax(information >= 0.1 * information.max()))
    assert trimmed.metadata["trimmed_from"][0] == expected_start
    assert trimmed.width <= motif.shape[1] + 1
    assert np.isclose(trimmed.information_content(), 0).sum() == 1  # the inner column
    np.testing.assert_array_equal(
        trimmed.matrix, padded.matrix[:, slice(*trimmed.metadata["trimmed_from"])]
    )


def test_from_jaspar_without_version_takes_the_latest_in_the_release():
    pwm = PWM.from_jaspar("MA0139")
    motif = fetch_jaspar_motif("MA0139")
    assert pwm.metadata["identifier"] == motif.matrix_id and pwm.name == "CTCF"
    np.testing.assert_array_equal(pwm.matrix, motif.matrix)
    assert PWM.from_jaspar("MA0139.1").width != pwm.width  # an older, longer version


def test_from_jaspar_names_an_unknown_matrix():
    with pytest.raises(ValueError, match="MA9999"):
        PWM.from_jaspar("MA9999.1")


# --- file formats -------------------------------------------------------------


FORMATS = {
    "meme": (write_meme, read_meme),
    "jaspar": (write_jaspar, read_jaspar),
    "transfac": (write_transfac, read_transfac),
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_round_trips_within_1e6(fmt, tmp_path):
    write, read = FORMATS[fmt]
    pwms = random_pwms(3) + [PWM.from_jaspar("MA0139.2")]
    path = tmp_path / f"motifs.{fmt}"
    text = write(pwms, path)
    assert path.read_text() == text
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left
    for source in (path, str(path), text):
        restored = read(source)
        assert len(restored) == len(pwms)
        for original, copy in zip(pwms, restored):
            np.testing.assert_allclose(copy.matrix, original.matrix, atol=1e-6)
            assert copy.metadata["identifier"] == original.metadata["identifier"]
            assert copy.name == original.name.replace(" ", "_")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_single_motif_methods_write_what_the_readers_read(fmt):
    pwm = PWM.from_jaspar("MA0035.4")
    text = getattr(pwm, f"to_{fmt}")()
    np.testing.assert_allclose(FORMATS[fmt][1](text)[0].matrix, pwm.matrix, atol=1e-6)


def test_meme_file_written_by_memelite_reads_correctly(tmp_path):
    from memelite.io import write_meme as memelite_write_meme

    pwms = random_pwms(2, seed=1)
    path = tmp_path / "memelite.meme"
    memelite_write_meme(str(path), {"MX1 first": pwms[0].matrix, "MX2": pwms[1].matrix})
    restored = read_meme(path)
    assert [(p.metadata["identifier"], p.name) for p in restored] == [
        ("MX1", "first"),
        ("MX2", "MX2"),
    ]
    for original, copy in zip(pwms, restored):
        np.testing.assert_allclose(copy.matrix, original.matrix, atol=1e-12)


def test_meme_suite_output_reads_only_the_probability_matrices():
    text = """MEME version 5.5.4

ALPHABET= ACGT

Background letter frequencies
A 0.303 C 0.183 G 0.209 T 0.306

MOTIF TTGATA MEME-1\twidth =   4  sites =  12  llr = 101  E-value = 3.1e-010
--------------------------------------------------------------------------------
\tMotif TTGATA MEME-1 position-specific scoring matrix
--------------------------------------------------------------------------------
log-odds matrix: alength= 4 w= 4 n= 1200 bayes= 5.3 E= 3.1e-010
 -1013  -1013  -1013    200
   120   -200   -300   -800
 -1013  -1013    150   -300
   190  -1013  -1013  -1013
--------------------------------------------------------------------------------
\tMotif TTGATA MEME-1 position-specific probability matrix
--------------------------------------------------------------------------------
letter-probability matrix: alength= 4 w= 4 nsites= 12 E= 3.1e-010
 0.000000  0.000000  0.000000  1.000000
 0.750000  0.083333  0.083333  0.083333
 0.000000  0.000000  0.916667  0.083333
 1.000000  0.000000  0.000000  0.000000
--------------------------------------------------------------------------------
"""
    (pwm,) = read_meme(text)
    assert pwm.consensus == "TAGA" and pwm.metadata["nsites"] == 12
    assert pwm.metadata["identifier"] == "TTGATA" and pwm.name == "MEME-1"


def test_biopython_reads_our_meme_jaspar_and_transfac_files(tmp_path):
    motifs = pytest.importorskip("Bio.motifs")
    pwm = PWM.from_jaspar("MA0139.2")
    # Biopython turns MEME probabilities into whole counts of nsites (100 here).
    for fmt, parser, atol in [
        ("meme", "minimal", 0.5 / 100),
        ("jaspar", "jaspar", 1e-6),
        ("transfac", "transfac", 1e-6),
    ]:
        path = tmp_path / f"ctcf.{fmt}"
        getattr(pwm, f"to_{fmt}")(path)
        with open(path) as handle:
            (record,) = list(motifs.parse(handle, parser))
        counts = np.array([record.counts[base] for base in "ACGT"], dtype=float)
        np.testing.assert_allclose(counts / counts.sum(axis=0), pwm.matrix, atol=atol, err_msg=fmt)


def test_jaspar_and_transfac_files_written_by_biopython_read_correctly():
    motifs = pytest.importorskip("Bio.motifs")
    from Bio.Seq import Seq

    sites = [Seq("ACGTAC"), Seq("ACGTTC"), Seq("AGGTAC"), Seq("TCGTAA")]
    record = motifs.create(sites)
    record.name, record.matrix_id = "toy", "MX7.1"
    expected = np.array([record.counts[base] for base in "ACGT"], dtype=float) / len(sites)
    for fmt, reader in [("jaspar", read_jaspar), ("pfm", read_jaspar), ("transfac", read_transfac)]:
        (pwm,) = reader(motifs.write([record], fmt))
        np.testing.assert_allclose(pwm.matrix, expected, atol=1e-12, err_msg=fmt)
        assert pwm.metadata["nsites"] == len(sites)
    assert read_jaspar(motifs.write([record], "jaspar"))[0].metadata["identifier"] == "MX7.1"


@pytest.mark.parametrize(
    "reader, text, message",
    [
        (read_meme, "MOTIF X\nletter-probability matrix: w= 2\n0.5 0.5 0 0\n0.5 x 0 0\n", "line 4"),
        (read_meme, "MOTIF X\nletter-probability matrix: w= 3\n1 0 0 0\n", "1 of 3 rows"),
        (read_meme, "MOTIF X\nletter-probability matrix: w= 1\n0.5 0.1 0 0\n", "sums to 0.6"),
        (read_meme, "ALPHABET= ACDEFGHIKLMNPQRSTVWY\nMOTIF X\n", "not DNA"),
        (read_jaspar, ">X\nA [ 1 2 ]\nC [ 1 ]\nG [ 1 2 ]\nT [ 1 2 ]\n", "differ in length"),
        (read_jaspar, ">X\nA [ 1 2 ]\nC [ 1 2 ]\nG [ 1 2 ]\n", "3 rows"),
        (read_jaspar, ">X\nA [ 1 2 ]\nC [ 1 two ]\n", "line 3"),
        (read_transfac, "ID X\nP0 A C G T\n01 1 2 3\n//\n", "line 3"),
        (read_transfac, "ID X\nP0 A C G U\n01 1 2 3 4\n//\n", "expected A, C, G and T"),
    ],
)
def test_readers_name_the_offending_line(reader, text, message):
    with pytest.raises(ValueError, match=message):
        reader(text)


def test_reader_of_a_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_meme(tmp_path / "missing.meme")


# --- class optimization -------------------------------------------------------


@pytest.fixture(scope="module")
def small_classifier():
    X, y = make_motif_dataset("MA0035.4", n_samples=300, length=40, random_state=0)
    labels = np.where(y == 1, "bound", "unbound")
    clf = DeepMotifClassifier(n_filters=8, max_epochs=2, random_state=0, verbose=0)
    return clf.fit(one_hot_encode(X), labels)


def test_motif_before_fit_raises_not_fitted():
    with pytest.raises(NotFittedError):
        DeepMotifClassifier().motif_()


def test_motif_of_an_unknown_class_raises_naming_the_classes(small_classifier):
    with pytest.raises(ValueError, match=r"'yes' is not one of the classes \['bound', 'unbound'\]"):
        small_classifier.motif_(target="yes")


def test_motif_is_a_training_length_pwm_with_its_restarts_recorded(small_classifier):
    pwm = small_classifier.motif_(target="unbound", n_restarts=3, n_steps=30, random_state=0)
    assert pwm.matrix.shape == (4, small_classifier.sequence_length_)
    np.testing.assert_allclose(pwm.matrix.sum(axis=0), 1.0)
    assert pwm.metadata["target"] == "unbound"
    probabilities = pwm.metadata["restart_probabilities"]
    assert len(probabilities) == 3
    assert pwm.metadata["probability"] == max(probabilities)
    assert 0.0 <= pwm.metadata["stability"] <= 1.0


def test_motif_is_reproducible_and_leaves_the_network_in_its_mode(small_classifier):
    module = small_classifier.module_
    module.train()
    first = small_classifier.motif_(n_restarts=2, n_steps=10, random_state=3)
    assert module.training
    module.eval()
    second = optimize_class(small_classifier, n_restarts=2, n_steps=10, random_state=3)
    assert not module.training
    np.testing.assert_array_equal(first.matrix, second.matrix)


def test_optimisation_raises_the_target_probability(small_classifier):
    short = small_classifier.motif_(n_restarts=4, n_steps=1, l2=0.0, random_state=0)
    longer = small_classifier.motif_(n_restarts=4, n_steps=100, l2=0.0, random_state=0)
    assert longer.metadata["probability"] > short.metadata["probability"]


@pytest.mark.parametrize(
    "settings", [{"n_restarts": 0}, {"n_steps": 1.5}, {"lr": 0}, {"l2": -1.0}]
)
def test_invalid_optimisation_settings_raise(small_classifier, settings):
    with pytest.raises(ValueError, match=next(iter(settings))):
        small_classifier.motif_(**settings)


def test_stability_is_one_for_identical_motifs_and_lower_for_different_ones():
    ctcf, gata = PWM.from_jaspar("MA0139.2"), PWM.from_jaspar("MA0035.4")
    assert restart_stability([ctcf, ctcf.reverse_complement(), ctcf]) == pytest.approx(1.0)
    assert restart_stability([ctcf, gata]) < 0.8


@pytest.mark.parametrize(
    "matrix_id",
    [
        "MA0139",  # CTCF, not palindromic
        "MA0113",  # NR3C1, a palindromic glucocorticoid response element
    ],
)
def test_motif_of_a_planted_motif_matches_it_in_jaspar(planted_model, matrix_id):
    from sklearn_demotif.compare import compare_to_jaspar

    pipeline, *_ = planted_model(matrix_id)
    pwm = pipeline[-1].motif_(n_steps=300, random_state=0).trim()
    best = compare_to_jaspar(pwm, top=1).iloc[0]
    planted = fetch_jaspar_motif(matrix_id)
    family = {m.matrix_id: set(m.tf_family) for m in fetch_jaspar_collection()}
    assert best["matrix_id"] == planted.matrix_id or family[best["matrix_id"]] & set(
        planted.tf_family
    ), (pwm.consensus, best.to_dict())
    assert best["q_value"] < 0.05
