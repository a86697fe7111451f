"""Result files: one per finished model of an experiment, read back to resume, and results.csv.

With ``out``, every finished model of every experiment is written to its own
file, ``out/<experiment>.<model>.json``, at once and atomically (temporary
file, then :func:`os.replace`); a rerun with the same ``out`` reads those files
instead of training again, so an interrupted run, or a lost cluster worker,
costs only the experiments that were running.  The experiment name is
percent-encoded in the file name (so no two names share a file) and recorded
inside it, and checked when the file is read; since each model has its own
files, runs of different models into one folder at the same time lose nothing.

The earlier layout, one file per experiment holding all its models, is not
read: a folder holding such a file is refused before any training.
"""

import json

import pandas as pd

from .._atomic import write_atomically
from ._models import _file_stem

#: Columns of the table :func:`run_benchmark` returns.
COLUMNS = [
    "experiment",
    "cell_line",
    "tf",
    "model",
    "auc",
    "average_precision",
    "n_train",
    "n_epochs",
    "train_seconds",
    "device",
    "published_deepbind_star_auc",
    "published_deepbind_auc",
]


def _result_path(out, name, model):
    """``out/<experiment>.<model>.json``, the name percent-encoded: one file per name."""
    return out / f"{_file_stem(name, model)}.json"


def _read_result(path):
    """A result file's content, or ``None`` when there is none."""
    if not path.is_file():
        return None
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(content, dict) or not isinstance(content.get("experiment"), str):
            raise TypeError("no experiment name")
        return content
    except (ValueError, TypeError, UnicodeDecodeError) as error:
        raise ValueError(
            f"{path}: not a benchmark result file ({error}); delete it to train that "
            "experiment again"
        ) from None


def _readable_results(out):
    """``(path, content)`` of every result file in ``out`` that can be read, by name.

    A file that is not a result file, or that was removed since the listing, is
    passed over.
    """
    for path in sorted(out.glob("*.json")):
        try:
            content = _read_result(path)
        except ValueError:
            continue
        if content is not None:
            yield path, content


def _refuse_old_layout(out):
    """Refuse a folder holding a result file of the old one-file-per-experiment layout."""
    for path, content in _readable_results(out):
        if "model" not in content and isinstance(content.get("models"), dict):
            raise ValueError(
                f"{path}: a result file of the old layout (one file for all models of an "
                "experiment), which is no longer read; delete it or move it out of the "
                "folder to train that experiment again"
            )


def _read_finished(out, name, model):
    """``{"settings": ..., "row": ...}`` of one finished model, or ``None``.

    The experiment and the model recorded in the file must be the ones asked
    for.
    """
    path = _result_path(out, name, model)
    content = _read_result(path)
    if content is None:
        return None
    if (content["experiment"], content.get("model")) != (name, model):
        raise ValueError(
            f"{path}: holds results of experiment {content['experiment']!r}, model "
            f"{content.get('model')!r}, not of {name!r}, {model!r}; delete it"
        )
    return {"settings": content.get("settings"), "row": content.get("row")}


def _read_all_finished(out, experiments, settings):
    """``{experiment: {model: entry}}`` of the results already in ``out`` (made if missing).

    ``settings`` maps each requested model to the settings of this run; a
    result made with others is refused, as is a folder of the old layout.
    """
    finished = {name: {} for name in experiments}
    if out is None:
        return finished
    out.mkdir(parents=True, exist_ok=True)
    _refuse_old_layout(out)
    for name in experiments:
        for model, wanted in settings.items():
            entry = _read_finished(out, name, model)
            if entry is None:
                continue
            if entry["settings"] != wanted:
                raise ValueError(
                    f"{_result_path(out, name, model)}: model {model!r} was run with "
                    f"settings {entry['settings']}, this run asks for {wanted}; "
                    "use another out folder or delete the file"
                )
            finished[name][model] = entry
    return finished


def _write_result(out, name, model, entry):
    """Write one finished model's ``{"settings": ..., "row": ...}`` to its file, atomically."""
    content = {"experiment": name, "model": model, **entry}
    write_atomically(_result_path(out, name, model), json.dumps(content, indent=1) + "\n")


def _write_results_table(out, table):
    """``out/results.csv``: this run's rows, then those of other runs' result files in ``out``."""
    rows = table.to_dict("records")
    seen = set(zip(table.experiment, table.model, strict=True))
    for _, content in _readable_results(out):
        key = (content.get("experiment"), content.get("model"))
        if key not in seen and isinstance(content.get("row"), dict):
            rows.append(content["row"])
            seen.add(key)
    write_atomically(out / "results.csv", pd.DataFrame(rows, columns=COLUMNS).to_csv(index=False))
