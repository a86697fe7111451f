"""Generated genome FASTA files and .fai indexes: the right bases, or a ValueError naming the file.

Every case runs in a forked child (the ``isolated`` fixture), so a crash or a hang
fails the test instead of pytest.  The right bases are those of an independent
pure-Python reading of the FASTA (:func:`reference`).
"""

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sklearn_demotif.io.genome as genome_module
from sklearn_demotif.io import Genome

NAMES = ["chr1", "chr2", "chrM", "scaffold_7", "x"]
DNA = "ACGTNacgtnRYSWKMBDHVrysw"
NOT_DNA = "-*12>EFILPQefi .;\t"
FUZZ = dict(deadline=None, database=None, derandomize=True,
            suppress_health_check=list(HealthCheck))


def reference(data):
    """Name -> uppercase sequence of a FASTA, read line by line; None when names repeat."""
    records, name = {}, None
    for line in data.split(b"\n"):
        line = line[:-1] if line.endswith(b"\r") else line
        if line.startswith(b">"):
            words = line[1:].decode("utf-8", "replace").split()
            name = words[0] if words else ""
            if name in records:
                return None
            records[name] = []
        elif name is not None:
            records[name].append(line.upper())
    return {name: b"".join(lines).decode("latin-1") for name, lines in records.items()}


def layout(records, width, line_end, final_line_end, header_extra):
    """FASTA text of ``(name, sequence)`` records at one line width."""
    text = ""
    for name, sequence in records:
        text += f">{name}{header_extra}{line_end}"
        text += "".join(sequence[i : i + width] + line_end for i in range(0, len(sequence), width))
    if not final_line_end and text.endswith(line_end):
        text = text[: -len(line_end)]
    return text.encode()


sequences = st.text(alphabet=DNA, min_size=0, max_size=90)
records = st.lists(
    st.tuples(st.sampled_from(NAMES), sequences), min_size=1, max_size=4,
    unique_by=lambda record: record[0],
)
clean_records = st.lists(
    st.tuples(st.sampled_from(NAMES), st.text(alphabet=DNA, min_size=1, max_size=90)),
    min_size=1, max_size=4, unique_by=lambda record: record[0],
)


@st.composite
def fasta_files(draw):
    """``(bytes, damages)``: a FASTA in some layout, then maybe damaged."""
    data = layout(
        draw(records),
        width=draw(st.integers(1, 25)),
        line_end=draw(st.sampled_from(["\n", "\r\n"])),
        final_line_end=draw(st.booleans()),
        header_extra=draw(st.sampled_from(["", " some description", "\tx y", "  "])),
    )
    damages = draw(st.lists(st.sampled_from(sorted(DAMAGES)), max_size=3))
    for damage in damages:
        position = draw(st.integers(0, len(data)))
        data = DAMAGES[damage](data, position, draw)
    return data, damages


def _at_line_start(data, position):
    start = data.rfind(b"\n", 0, position) + 1
    return data[:start], data[start:]


def _insert_line(line):
    def insert(data, position, draw):
        before, after = _at_line_start(data, position)
        return before + line + after

    return insert


DAMAGES = {
    "truncate": lambda data, position, draw: data[:position],
    "junk": lambda data, position, draw: (
        data[:position] + draw(st.binary(min_size=1, max_size=6)) + data[position:]
    ),
    "not dna": lambda data, position, draw: (
        data[:position] + draw(st.sampled_from(NOT_DNA)).encode() + data[position:]
    ),
    "delete a byte": lambda data, position, draw: data[:position] + data[position + 1 :],
    "blank line": _insert_line(b"\n"),
    "blank lines": _insert_line(b"\n\n\r\n"),
    "'>' alone": _insert_line(b">\n"),
    "empty record": _insert_line(b">empty\n"),
    "duplicate name": _insert_line(b">chr1\nACGT\n"),
    "header with spaces": _insert_line(b"> chr9 \t spaced\nACGTN\n"),
    "text before": lambda data, position, draw: b"not a header\n" + data,
    "comment before": lambda data, position, draw: b";comment\n\n" + data,
    "line end": lambda data, position, draw: (
        data[:position] + draw(st.sampled_from([b"\n", b"\r\n", b"\r"])) + data[position:]
    ),
}


def read_everything(path, fractions):
    """What a user of the genome sees: sizes, every chromosome whole, some sub-ranges, windows."""
    genome = Genome(path)
    sizes = genome.sizes.to_dict()
    whole = {name: genome.fetch(name, 0, size) for name, size in sizes.items()}
    ranges = []
    for (name, size), (low, high) in zip(sizes.items(), fractions, strict=False):
        start, end = sorted((int(low * size), int(high * size)))
        ranges.append((name, start, end, genome.fetch(name, start, end)))
    names = [name for name, _ in zip(sizes, fractions, strict=False)]
    starts = [int(low * sizes[name]) for name, (low, _) in zip(names, fractions, strict=False)]
    windows, inside = genome.fetch_windows(names, starts, 3, past_end="skip")
    return sizes, whole, ranges, (names, starts, windows.tolist(), inside.tolist())


def assert_right_bases(outcome, expected, path):
    """An outcome is the reference's bases, or a ValueError naming the file; nothing else."""
    assert outcome.kind in ("ok", "ValueError"), outcome
    if outcome.kind == "ValueError":
        assert path.name in outcome.message, outcome
        return
    sizes, whole, ranges, (names, starts, windows, inside) = outcome.value
    assert expected is not None, ("duplicate names were accepted", sizes)
    assert sizes == {name: len(sequence) for name, sequence in expected.items()}
    assert whole == expected
    for name, start, end, bases in ranges:
        assert bases == expected[name][start:end]
    kept = [expected[name][start : start + 3]
            for name, start, ok in zip(names, starts, inside, strict=True) if ok]
    assert windows == kept


fractions = st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), min_size=8, max_size=8)


def test_malformed_fasta_gives_right_bases_or_a_value_error(tmp_path_factory, isolated):
    cases = []

    @settings(max_examples=200, **FUZZ)
    @given(file=fasta_files(), fractions=fractions)
    def case(file, fractions):
        data, damages = file
        cases.append(1)
        path = tmp_path_factory.mktemp("fasta") / "genome.fa"
        path.write_bytes(data)
        outcome = isolated(read_everything, path, fractions, timeout=30)
        assert_right_bases(outcome, reference(data), path)

    case()
    assert len(cases) >= 200


def test_well_formed_fasta_at_any_layout_gives_the_right_bases(tmp_path_factory, isolated):
    cases = []

    @settings(max_examples=60, **FUZZ)
    @given(
        records=clean_records,
        width=st.integers(1, 25),
        line_end=st.sampled_from(["\n", "\r\n"]),
        final_line_end=st.booleans(),
        header_extra=st.sampled_from(["", " description", "\tx"]),
        fractions=fractions,
    )
    def case(records, width, line_end, final_line_end, header_extra, fractions):
        cases.append(1)
        data = layout(records, width, line_end, final_line_end, header_extra)
        path = tmp_path_factory.mktemp("fasta") / "genome.fa"
        path.write_bytes(data)
        outcome = isolated(read_everything, path, fractions, timeout=30)
        assert outcome.kind == "ok", outcome
        assert_right_bases(outcome, reference(data), path)

    case()
    assert len(cases) >= 60


def rewrite(draw, records, width):
    """The FASTA as it is rewritten after indexing: the same, or changed in one way."""
    change = draw(st.one_of(st.just("unchanged"), st.sampled_from(sorted(REWRITES))))
    return change, REWRITES[change](draw, [list(record) for record in records], width)


def _shorten(draw, records, width):
    record = draw(st.sampled_from(records))
    record[1] = record[1][: draw(st.integers(0, len(record[1]) - 1))]
    return records, width


def _rename(draw, records, width):
    draw(st.sampled_from(records))[0] = "renamed"
    return records, width


REWRITES = {
    "unchanged": lambda draw, records, width: (records, width),
    "line width": lambda draw, records, width: (records, width + draw(st.integers(1, 9))),
    "shorter": _shorten,
    "longer": lambda draw, records, width: (
        [[name, sequence + "ACGTACGTAC"[: draw(st.integers(1, 10))]]
         for name, sequence in records], width
    ),
    "record added": lambda draw, records, width: (records + [["added", "GATTACA"]], width),
    "record dropped": lambda draw, records, width: (records[1:] or records, width),
    "records swapped": lambda draw, records, width: (records[::-1], width),
    "renamed": _rename,
}


def _fai_lines(text):
    return text.splitlines(keepends=True)


def _change_number(draw, text):
    lines = _fai_lines(text)
    row = draw(st.integers(0, len(lines) - 1))
    columns = lines[row].rstrip("\n").split("\t")
    column = draw(st.integers(1, 4))
    columns[column] = draw(st.sampled_from(
        [str(int(columns[column]) + draw(st.integers(-3, 3))), "-1", "x", "", "1e3", "  7"]
    ))
    lines[row] = "\t".join(columns) + "\n"
    return "".join(lines)


FAI_DAMAGES = {
    "none": lambda draw, text: text,
    "number": _change_number,
    "column dropped": lambda draw, text: text.replace("\t", "", 1),
    "column added": lambda draw, text: text.replace("\n", "\t0\n", 1),
    "line duplicated": lambda draw, text: text + _fai_lines(text)[0],
    "line dropped": lambda draw, text: "".join(_fai_lines(text)[1:]),
    "lines swapped": lambda draw, text: "".join(_fai_lines(text)[::-1]),
    "extra line": lambda draw, text: text + draw(st.sampled_from(
        ["\n", "chrZ\t5\t0\t5\t6\n", "junk\n", "chrZ\t5\t99999\t5\t6\n"]
    )),
    "crlf": lambda draw, text: text.replace("\n", "\r\n"),
    "truncated": lambda draw, text: text[: draw(st.integers(0, len(text)))],
    "emptied": lambda draw, text: "",
}


@st.composite
def stale_indexes(draw):
    """A FASTA's layout, then how it is rewritten, its .fai damaged, and their ages."""
    records = draw(clean_records)
    width = draw(st.integers(1, 20))
    change, (new_records, new_width) = rewrite(draw, records, width)
    damage = draw(st.one_of(st.just("none"), st.sampled_from(sorted(FAI_DAMAGES))))
    age = draw(st.sampled_from(["index newer", "index older", "same time"]))
    return records, width, change, new_records, new_width, damage, age


def open_as(path, fractions, writable):
    """read_everything, with the folder's writability as given (tests run as root)."""
    genome_module.os.access = lambda path, mode: writable  # in a forked child only
    return read_everything(path, fractions)


def test_stale_or_malformed_index_gives_right_bases_or_a_value_error(tmp_path_factory,
                                                                     isolated):
    cases = []

    @settings(max_examples=150, **FUZZ)
    @given(case=stale_indexes(), fractions=fractions, writable=st.sampled_from([True, False]),
           data=st.data())
    def case(case, fractions, writable, data):
        records, width, change, new_records, new_width, damage, age = case
        cases.append(1)
        path = tmp_path_factory.mktemp("stale") / "genome.fa"
        path.write_bytes(layout(records, width, "\n", True, " description"))
        Genome(path).close()
        fai = path.with_name("genome.fa.fai")
        fasta = layout(new_records, new_width, "\n", True, " description")
        path.write_bytes(fasta)
        fai.write_text(FAI_DAMAGES[damage](data.draw, fai.read_text()))
        fasta_time = path.stat().st_mtime_ns
        index_time = fasta_time + {"index newer": 1, "index older": -1, "same time": 0}[age]
        os.utime(fai, ns=(index_time, index_time))
        outcome = isolated(open_as, path, fractions, writable, timeout=30)
        assert_right_bases(outcome, reference(fasta), path)
        if writable:  # the index is rebuilt whenever it does not fit
            assert outcome.kind == "ok", (change, damage, age, outcome)

    case()
    assert len(cases) >= 150
