"""Generated malformed inputs: every file reader and every model.json field fails as documented.

Each reader is one row of ``READERS``: its name, how it reads a path, a strategy of
malformed documents and how many to try.  Every document is written to a file
(gzipped half the time where the reader takes gzip), read, and must end in a
``ValueError`` whose message names the file and the line (``<file>, line N`` with N
a line of the file) or, for a file-level problem (an empty file, no motif at all),
the file; any other exception, or no exception, fails the test.  A new reader (peak
files, say) is one more row.

``model.json`` is covered the same way: one field of a saved model is replaced by
a value it may not hold, deleted, or joined by an unknown one; the description's
checksum is recomputed (as a deliberate editor would); loading must raise a
``ValueError`` naming the folder's file and that field (or the field it contradicts).

Every test sets ``max_examples`` and ``deadline`` explicitly and checks that all
its examples ran; together they generate over 1,000 inputs.
"""

import copy
import gzip
import json
import re
import string
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.pipeline import Pipeline

from sklearn_demotif import DeepMotifClassifier, OneHotDNA
from sklearn_demotif._model_schema import description_checksum
from sklearn_demotif.io import read_deepbind, read_fasta, read_labeled_fasta, read_sequence_file
from sklearn_demotif.motifs import read_jaspar, read_meme, read_transfac
from sklearn_demotif.persistence import MODEL_FILE, load_model, save_model

#: Messages that name the file but no line: problems of the file as a whole.
FILE_LEVEL = (": the file is empty", ": no FASTA records found", " motif found")
DEADLINE = timedelta(seconds=2)

NUCLEOTIDES = "ACGTNacgtn"
NOT_NUCLEOTIDES = "XZJOU*-.0123456789!@#$%&?"
WORD = st.text(alphabet=string.ascii_letters + string.digits + "_:.-", min_size=1, max_size=12)
SEQUENCE = st.text(alphabet=NUCLEOTIDES, min_size=1, max_size=30)
BLANK = st.sampled_from(["", " ", "\t"])


def _not_binary_label(text):
    return re.fullmatch(r"\s*[+-]?0*[01]\s*", text) is None


BAD_LABEL = st.one_of(
    st.sampled_from(["2", "-1", "NaN", "nan", "1.0", "yes", "True", "", " ", "1_0", "0x1"]),
    st.integers().map(str).filter(_not_binary_label),
    st.integers(2**63, 2**200).map(str),
    st.text(alphabet=string.printable.strip(), min_size=1, max_size=8).filter(_not_binary_label),
)


def _insert(lines, index, new):
    return lines[:index] + new + lines[index:]


# ---------------------------------------------------------------- FASTA


@st.composite
def fasta_records(draw, labels=None):
    """Lines of a valid FASTA: headers are ``labels`` (0/1) when given, else words."""
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        header = draw(st.sampled_from(["0", "1", " 1", "0 "])) if labels else draw(WORD)
        lines.append(">" + header)
        lines += draw(st.lists(SEQUENCE, min_size=1, max_size=3))
        if draw(st.booleans()):
            lines.append(draw(BLANK))
    return lines


@st.composite
def malformed_fasta(draw, labelled=False, checks_labels=False, checks_letters=False):
    lines = draw(fasta_records(labels=labelled))
    faults = ["text before the first header", "header without a sequence", "empty"]
    if labelled:
        faults.append("bad label")
    if checks_letters and not labelled:
        faults.append("bad letter")
    fault = draw(st.sampled_from(faults))
    headers = [index for index, line in enumerate(lines) if line.startswith(">")]
    if fault == "text before the first header":
        lines = [draw(SEQUENCE)] + lines
    elif fault == "header without a sequence":
        where = draw(st.sampled_from(headers + [len(lines)]))
        lines = _insert(lines, where, [">" + (draw(st.sampled_from(["0", "1"])) if labelled
                                              else draw(WORD))])
    elif fault == "empty":
        lines = draw(st.lists(BLANK, max_size=3))
    elif fault == "bad label":
        integer = re.compile(r"\s*[+-]?[0-9]+\s*")
        if not checks_labels:  # any 64-bit integer is a label
            labels = BAD_LABEL.filter(lambda text: not integer.fullmatch(text)
                                      or int(text) >= 2**63)
        elif len(headers) == 1:  # one non-integer header alone is plain FASTA, not an error
            labels = BAD_LABEL.filter(lambda text: integer.fullmatch(text) is not None)
        else:
            labels = BAD_LABEL
        lines[draw(st.sampled_from(headers))] = ">" + draw(labels)
    else:
        sequences = [index for index, line in enumerate(lines)
                     if line.strip() and not line.startswith(">")]
        index = draw(st.sampled_from(sequences))
        position = draw(st.integers(0, len(lines[index])))
        letter = draw(st.sampled_from(NOT_NUCLEOTIDES))
        lines[index] = lines[index][:position] + letter + lines[index][position:]
    return lines


# ---------------------------------------------------------------- tables


def _bad_cell_count(draw, cells):
    if draw(st.booleans()) and len(cells) > 1:
        del cells[draw(st.integers(0, len(cells) - 1))]
    else:
        cells.insert(draw(st.integers(0, len(cells))), draw(WORD))
    return cells


@st.composite
def malformed_deepbind(draw):
    header = ["FoldID", "EventID", "seq", "Bound"]
    rows = [[draw(st.sampled_from("ABC")), draw(WORD), draw(SEQUENCE), draw(st.sampled_from("01"))]
            for _ in range(draw(st.integers(1, 5)))]
    fault = draw(st.sampled_from(["header", "cell count", "empty cell", "bad label", "empty"]))
    if fault == "header":
        header = draw(st.permutations(header).filter(lambda h: h != header) | st.builds(
            lambda index, name: header[:index] + [name] + header[index + 1:],
            st.integers(0, 3), WORD.filter(lambda word: word not in header),
        ))
    else:
        row = draw(st.sampled_from(rows))
        if fault == "cell count":
            _bad_cell_count(draw, row)
        elif fault == "empty cell":
            row[draw(st.sampled_from([2, 3]))] = draw(BLANK)
        elif fault == "bad label":
            row[3] = draw(BAD_LABEL.filter(lambda text: "\t" not in text))
    if fault == "empty":
        return draw(st.lists(BLANK, max_size=2))
    return ["\t".join(header)] + ["\t".join(row) for row in rows]


@st.composite
def malformed_table(draw):
    separator = draw(st.sampled_from(["\t", ","]))
    sequence_name = draw(st.sampled_from(["sequence", "Seq", "DNA"]))
    label_name = draw(st.sampled_from(["label", "Bound", "y", "class"]))
    columns = [sequence_name, label_name] + draw(st.sampled_from([[], ["id"], ["notes"]]))
    columns = draw(st.permutations(columns))
    rows = []
    for _ in range(draw(st.integers(1, 5))):
        values = {sequence_name: draw(SEQUENCE), label_name: draw(st.sampled_from("01")),
                  "id": draw(WORD), "notes": draw(WORD | st.just(""))}
        rows.append([values[column] for column in columns])
    faults = ["cell count", "empty cell", "bad label", "bad letter", "repeated column",
              "no sequence column"] + (["open quote"] if separator == "," else [])
    fault = draw(st.sampled_from(faults))
    row = draw(st.sampled_from(rows))
    used = [index for index, column in enumerate(columns) if column != "notes"]
    if fault == "cell count":
        _bad_cell_count(draw, row)
    elif fault == "empty cell":
        row[draw(st.sampled_from(used))] = draw(BLANK.filter(lambda cell: cell != separator))
    elif fault == "bad label":
        row[columns.index(label_name)] = draw(BAD_LABEL.filter(
            lambda text: separator not in text and '"' not in text and "\t" not in text
        ))
    elif fault == "bad letter":
        index = columns.index(sequence_name)
        row[index] += draw(st.sampled_from(NOT_NUCLEOTIDES))
    elif fault == "repeated column":
        columns = columns + [draw(st.sampled_from(columns))]
        rows = [cells + ["x"] for cells in rows]
    elif fault == "no sequence column":
        columns = [("xyz" if column == sequence_name else column) for column in columns]
    else:
        row[draw(st.sampled_from(used))] = '"' + row[0]
    return [separator.join(columns)] + [separator.join(cells) for cells in rows]


# ---------------------------------------------------------------- motif files

PROBABILITY_ROWS = st.sampled_from([
    "0.25 0.25 0.25 0.25", "1 0 0 0", "0.1 0.2 0.3 0.4", " 0.7  0.1 0.1 0.1",
])


@st.composite
def malformed_meme(draw):
    lines = ["MEME version 4", "", "ALPHABET= ACGT", "", "strands: + -", ""]
    starts = []
    for index in range(draw(st.integers(1, 3))):
        width = draw(st.integers(1, 4))
        starts.append(len(lines))
        lines += [f"MOTIF M{index} name{index}",
                  f"letter-probability matrix: alength= 4 w= {width} nsites= 20 E= 0"]
        lines += [draw(PROBABILITY_ROWS) for _ in range(width)] + [""]
    start = draw(st.sampled_from(starts))
    fault = draw(st.sampled_from([
        "width", "nsites", "alength", "row length", "row value", "row sum", "truncated",
        "alphabet", "matrix before motif", "motif without identifier", "no motif",
    ]))
    if fault == "width":
        width = draw(st.sampled_from(["0", "-2", "two", "1.5", "nan"]))
        lines[start + 1] = f"letter-probability matrix: alength= 4 w= {width} nsites= 20 E= 0"
    elif fault == "nsites":
        nsites = draw(st.sampled_from(["x", "-1", "nan", "inf"]))
        lines[start + 1] = f"letter-probability matrix: alength= 4 w= 1 nsites= {nsites} E= 0"
    elif fault == "alength":
        lines[start + 1] = lines[start + 1].replace("alength= 4", "alength= 20")
    elif fault == "row length":
        lines[start + 2] = " ".join(["0.25"] * draw(st.sampled_from([1, 3, 5])))
    elif fault == "row value":
        bad = draw(st.sampled_from(["x", "nan", "inf", "-0.5", "1e999", "2"]))
        lines[start + 2] = f"{bad} 0.25 0.25 0.25"
    elif fault == "row sum":
        lines[start + 2] = draw(st.sampled_from(["0.5 0.1 0 0", "0.9 0.9 0.9 0.9", "0 0 0 0"]))
    elif fault == "truncated":
        lines = lines[: start + 2]
    elif fault == "alphabet":
        lines[2] = "ALPHABET= ACDEFGHIKLMNPQRSTVWY"
    elif fault == "matrix before motif":
        lines = _insert(lines, 6, ["letter-probability matrix: alength= 4 w= 1", "1 0 0 0"])
    elif fault == "motif without identifier":
        lines[start] = "MOTIF"
    else:
        lines = lines[:6] + draw(st.lists(WORD, max_size=3))
    return lines


@st.composite
def malformed_jaspar(draw):
    blocks = []
    for index in range(draw(st.integers(1, 3))):
        width = draw(st.integers(1, 4))
        counts = [[draw(st.integers(1, 20)) for _ in range(width)] for _ in "ACGT"]
        blocks.append((f">MA{index}.1\tname{index}", counts))
    target = draw(st.integers(0, len(blocks) - 1))
    header, counts = blocks[target]
    rows = [f"{letter} [ {' '.join(map(str, row))} ]"
            for letter, row in zip("ACGT", counts, strict=True)]
    fault = draw(st.sampled_from([
        "rows", "lengths", "value", "negative", "empty column", "labels", "repeated letter",
        "not a row",
    ]))
    if fault == "rows":
        rows = rows[: draw(st.sampled_from([1, 2, 3]))]
    elif fault == "lengths":
        rows[draw(st.integers(0, 3))] = rows[0][:2] + "[ 1 2 3 4 5 6 ]"
    elif fault == "value":
        rows[1] = "C [ " + draw(st.sampled_from(["x", "nan", "inf", "1e999"])) + " ]"
    elif fault == "negative":
        rows[2] = "G [ " + " ".join(["-1"] * len(counts[0])) + " ]"
    elif fault == "empty column":
        rows = [f"{letter} [ {' '.join(['0'] * len(counts[0]))} ]" for letter in "ACGT"]
    elif fault == "labels":
        rows[3] = rows[3][2:]
    elif fault == "repeated letter":
        rows[3] = "A" + rows[3][1:]
    else:
        rows[0] = draw(st.sampled_from(["A [ ]", "ACGT", "[ ] ]", "A [ 1 x ]"]))
    lines = []
    for index, (other_header, other_counts) in enumerate(blocks):
        lines.append(other_header)
        if index == target:
            lines += rows
        else:
            lines += [f"{letter} [ {' '.join(map(str, row))} ]"
                      for letter, row in zip("ACGT", other_counts, strict=True)]
    return lines


@st.composite
def malformed_transfac(draw):
    records = []
    for index in range(draw(st.integers(1, 3))):
        width = draw(st.integers(1, 4))
        rows = [f"{position:02d}  " + "  ".join(str(draw(st.integers(1, 20))) for _ in "ACGT")
                + "  A" for position in range(1, width + 1)]
        records.append([f"AC  MA{index}.1", "XX", f"ID  name{index}", "XX",
                        "P0      A      C      G      T", *rows, "XX"])
    target = records[draw(st.integers(0, len(records) - 1))]
    fault = draw(st.sampled_from(["letters", "counts", "value", "negative", "empty position",
                                  "no matrix", "no record"]))
    if fault == "letters":
        target[4] = "P0  " + draw(st.sampled_from(["A C G U", "A C G T N", "A C G", "a b c d"]))
    elif fault == "counts":
        target[5] = "01  1  2  3"
    elif fault == "value":
        target[5] = "01  x  2  3  4  A"
    elif fault == "negative":
        target[5] = "01  -1  2  3  4  A"
    elif fault == "empty position":
        target[5] = "01  0  0  0  0  A"
    elif fault == "no matrix":
        del target[4:-1]
    else:
        return draw(st.lists(WORD.filter(lambda word: word[:2] not in ("ID", "AC", "NA", "P0")),
                             max_size=4))
    return [line for record in records for line in [*record, "//"]]


# ---------------------------------------------------------------- the readers


@dataclass(frozen=True)
class Reader:
    """A file reader, malformed documents for it, and how many to try."""

    name: str
    read: object
    malformed: object
    examples: int
    gzipped_too: bool = True


READERS = [
    Reader("read_fasta", read_fasta, malformed_fasta(), 110),
    Reader("read_labeled_fasta", read_labeled_fasta, malformed_fasta(labelled=True), 110),
    Reader("read_sequence_file (FASTA)", read_sequence_file,
           malformed_fasta(labelled=True, checks_labels=True) | malformed_fasta(
               checks_letters=True), 120),
    Reader("read_deepbind", read_deepbind, malformed_deepbind(), 120),
    Reader("read_sequence_file (TSV/CSV)", read_sequence_file, malformed_table(), 150),
    Reader("read_meme", read_meme, malformed_meme(), 120),
    Reader("read_jaspar", read_jaspar, malformed_jaspar(), 100),
    Reader("read_transfac", read_transfac, malformed_transfac(), 100),
]
MODEL_EXAMPLES = 300


def test_the_suite_generates_over_a_thousand_malformed_inputs():
    assert sum(reader.examples for reader in READERS) + MODEL_EXAMPLES >= 1000


def _check_message(message, path, n_lines):
    assert message.startswith(str(path)), message
    line = re.match(rf"{re.escape(str(path))}, line (\d+)", message)
    if line is None:
        assert any(phrase in message for phrase in FILE_LEVEL), message
    else:
        assert 1 <= int(line.group(1)) <= max(n_lines, 1), message


@pytest.mark.parametrize("reader", READERS, ids=[reader.name for reader in READERS])
def test_malformed_files_raise_a_value_error_naming_file_and_line(reader, tmp_path_factory):
    folder = tmp_path_factory.mktemp("malformed")
    ran = []

    @settings(max_examples=reader.examples, deadline=DEADLINE, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(lines=reader.malformed, gzipped=st.booleans() if reader.gzipped_too else st.just(False),
           newline=st.sampled_from(["\n", "\r\n"]))
    def check(lines, gzipped, newline):
        ran.append(1)
        data = (newline.join(lines) + newline).encode()
        path = folder / ("input.gz" if gzipped else "input.txt")
        path.write_bytes(gzip.compress(data) if gzipped else data)
        with pytest.raises(ValueError) as raised:
            reader.read(path)
        _check_message(str(raised.value), path, len(lines))

    check()
    assert len(ran) >= reader.examples


# ---------------------------------------------------------------- model.json


@pytest.fixture(scope="module")
def saved_model(tmp_path_factory):
    """A tiny saved pipeline and its description."""
    X = np.array(["ACGTACGTAC", "TTGACCATGA", "GGGACGTTTA", "CATTAGGACA"] * 5, dtype=object)
    y = np.array([1, 0, 1, 0] * 5)
    classifier = DeepMotifClassifier(n_filters=2, highway_units=2, n_highway_layers=1,
                                     max_epochs=1, validation_fraction=None, random_state=0,
                                     verbose=0)
    model = Pipeline([("onehot", OneHotDNA()), ("clf", classifier)]).fit(X, y)
    folder = save_model(model, tmp_path_factory.mktemp("model") / "model")
    return folder, json.loads((folder / MODEL_FILE).read_text())


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=6,
)
NOT_A_PARAMETER = st.one_of(
    st.dictionaries(st.text(max_size=5), JSON_VALUE, max_size=2),
    st.lists(st.dictionaries(st.text(max_size=3), st.integers(), min_size=1), min_size=1,
             max_size=2),
    st.lists(st.lists(st.integers(), max_size=2), min_size=1, max_size=2),
)
STEP_NAME = re.compile(r"(?!.*__)[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")
KEY = st.text(alphabet=string.ascii_letters + string.digits + "_-. ", min_size=1, max_size=8)


def _acceptable(path, value, original, original_length=10):
    """Whether a replacement is a legitimate value for that field (then it is not generated)."""
    if value == original and type(value) is type(original):
        return True
    name = path[-1]
    if name in ("classifier_step", "name"):
        other = "onehot" if name == "classifier_step" else "clf"
        return isinstance(value, str) and STEP_NAME.fullmatch(value) and value != other
    if name == "params" and path[0] == "pipeline":
        length = value.get("length") if isinstance(value, dict) else "missing"
        return (isinstance(value, dict) and set(value) <= {"length"}
                and (length is None or (type(length) is int and length == original_length)))
    if path == ("pipeline",):
        return value is None
    if path == ("feature_names_in",):  # the model's 4 channels named
        return (isinstance(value, list) and len(value) == 4
                and all(isinstance(name, str) and len(name) <= 1000 for name in value)
                and len(set(value)) == 4)
    if path == ("pipeline", "preprocessing"):
        return value == []
    if name == "torch_version":
        return isinstance(value, str) and re.fullmatch(r"[0-9A-Za-z.+_-]{1,64}", value)
    if name == "sklearn_demotif_version":
        major_minor = ".".join(str(original).split(".")[:2])
        return isinstance(value, str) and (
            value == major_minor or value.startswith(major_minor + ".")
        )
    return False


def _fields(description, prefix=()):
    """Every path of the description with its value."""
    for key, value in description.items():
        path = (*prefix, key)
        yield path, value
        if isinstance(value, dict):
            yield from _fields(value, path)
        elif key == "preprocessing":
            for index, step in enumerate(value):
                yield (*path, index), step
                yield from _fields(step, (*path, index))


def _name(path):
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _get(description, path):
    for part in path:
        description = description[part]
    return description


@st.composite
def model_mutations(draw, description):
    """``(changed description, the field that must be named, recompute the checksum)``."""
    fields = [(path, value) for path, value in _fields(description)]
    kind = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
    changed = copy.deepcopy(description)
    if kind == "add":
        objects = [()] + [path for path, value in fields if isinstance(value, dict)]
        path = draw(st.sampled_from(objects))
        target = _get(changed, path)
        key = draw(KEY.filter(lambda key: key not in target))
        target[key] = draw(JSON_VALUE)
        return changed, _name((*path, key)), True
    if kind == "delete":
        # Hyperparameters may be left out (the estimator's defaults apply), and so may the
        # optional n_features_in (folders written before it mean 4), task_names (a
        # folder without it holds a single-label model) and feature_names_in (no names);
        # other fields may not.
        optional = (("n_features_in",), ("task_names",), ("feature_names_in",))
        required = [path for path, _ in fields if not isinstance(path[-1], int)
                    and path[-2:-1] != ("params",) and path not in optional]
        path = draw(st.sampled_from(required))
        del _get(changed, path[:-1])[path[-1]]
        return changed, _name(path), path != ("description_sha256",)
    path, original = draw(st.sampled_from(fields))
    if path[-2:-1] == ("params",):
        value = draw(NOT_A_PARAMETER)
    elif path[-1] == "values":
        value = draw(st.one_of(
            JSON_VALUE.filter(lambda v: not isinstance(v, list)),
            st.lists(st.integers(), max_size=1),
            st.just(list(reversed(original))),
            st.just([original[0], original[0]]),
            st.lists(JSON_VALUE.filter(lambda v: type(v) is not int), min_size=2, max_size=2),
        ))
    elif path[-1] == "dtype":
        value = draw(st.sampled_from(["V8", "S3", "<c16", "float", "", "<U5", "|b1", "|O",
                                      "<U99999", "(2,)i8", "i"]) | JSON_VALUE.filter(
            lambda v: not (isinstance(v, str) and re.fullmatch(r"[<>|=]?([iu][1248]|f[248])", v))
        ))
    else:
        value = draw(JSON_VALUE.filter(lambda v: not _acceptable(path, v, original)))
    _get(changed, path[:-1])[path[-1]] = value
    return changed, _name(path), path != ("description_sha256",)


def test_malformed_model_descriptions_raise_a_value_error_naming_the_field(saved_model):
    folder, description = saved_model
    original = (folder / MODEL_FILE).read_bytes()
    ran = []

    @settings(max_examples=MODEL_EXAMPLES, deadline=DEADLINE, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(mutation=model_mutations(description))
    def check(mutation):
        ran.append(1)
        changed, field, recompute = mutation
        if recompute:
            changed["description_sha256"] = description_checksum(changed)
        (folder / MODEL_FILE).write_text(json.dumps(changed))
        try:
            with pytest.raises(ValueError) as raised:
                load_model(folder)
        finally:
            (folder / MODEL_FILE).write_bytes(original)
        message = str(raised.value)
        # model.json, or the file whose size or checksum the field records
        assert message.startswith(str(folder)), message
        named = [field[: match.start()] for match in re.finditer(r"[.\[]", field)] + [field]
        assert any(f"field '{name}" in message for name in named), (field, message)

    check()
    assert len(ran) >= MODEL_EXAMPLES
    assert load_model(folder).predict_proba(["ACGTACGTAC"]).shape == (1, 2)
