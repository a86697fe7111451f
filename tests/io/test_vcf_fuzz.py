"""Generated VCFs, valid and broken: each gives the right table or a ValueError naming the file.

Every case runs in a forked child (the ``isolated`` fixture), so a crash in
htslib fails the test instead of killing pytest.  A case starts from a valid
VCF drawn by hypothesis, applies one change (some keep it valid, some break it,
some may do either), then stores it plain, gzipped or bgzipped and may cut it
short.  Where the file is known to be valid the table must be the one written;
where it may be valid, a table must match an independent reading of the bytes.
"""

import gzip
import itertools
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from sklearn_demotif.io import read_variants

bgzf = pytest.importorskip("Bio.bgzf")

FIXED = "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO"
BOM = b"\xef\xbb\xbf"
#: Changes after which the file is still a valid VCF.
VALID = ("none", "lowercase", "crlf", "bom", "no_final_newline", "huge_fields", "many_alleles")
#: Changes after which read_variants must refuse the file.
BROKEN = ("spaces_for_tabs", "no_header", "duplicate_header", "meta_after_header",
          "header_before_meta", "comment_after_header", "drop_column", "extra_column", "bad_pos",
          "bad_ref", "bad_alt", "blank_line", "control_byte", "not_utf8", "empty", "no_fileformat")
#: Changes made on one record's cells.
ON_A_RECORD = ("drop_column", "extra_column", "bad_pos", "bad_ref", "bad_alt")
#: Changes that may leave a valid file or not.
EITHER = ("flip_byte", "insert_byte", "binary_junk")
#: How a file is stored.
STORAGE = ("plain", "gzip", "bgzip")
#: Cases drawn for each change and storage: 26 changes x 3 x 4 = 312 files.
EXAMPLES = 4

chromosomes = st.sampled_from(["chr1", "chr2", "1", "X", "chrUn_gl000220", "HLA-A*01:01"])
bases = st.text("ACGTNacgtn", min_size=1, max_size=6)
alleles = st.one_of(bases, st.sampled_from(["*", "<DEL>", "<INS:ME>", "<*>", "G]chr2:5]", ".A"]))
records = st.tuples(
    chromosomes,
    st.integers(1, 2**31 - 1),
    st.sampled_from([".", "rs1", "rs77", "a;b"]),
    bases,
    st.one_of(st.just("."), st.lists(alleles, min_size=1, max_size=3).map(",".join)),
    st.sampled_from([".", "50", "3.5"]),
    st.sampled_from([".", "PASS", "q10;s50"]),
    st.sampled_from([".", "DP=10", "AF=0.5;DB"]),
)


def _expected_rows(fields_per_record):
    """The table read_variants must give, written out from the records' fields."""
    rows = []
    for chrom, pos, identifier, ref, alt in (fields[:5] for fields in fields_per_record):
        for allele in alt.split(","):
            rows.append([chrom, int(pos), identifier or ".", ref.upper(), allele.upper()])
    return rows


def _read_independently(data):
    """The records of a VCF's bytes, by the book, without the package's code or htslib."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    lines = data.removeprefix(BOM).decode("utf-8").split("\n")
    lines = [line.removesuffix("\r") for line in lines]
    if lines[-1] == "":
        lines.pop()
    header = next(n for n, line in enumerate(lines) if line.startswith("#CHROM"))
    return _expected_rows(line.split("\t") for line in lines[header + 1:])


def _lines(data, draw_records):
    """A valid VCF as a list of lines (header first), and its records' fields."""
    n_samples = data.draw(st.sampled_from([0, 0, 1, 2]))
    header = FIXED + ("\tFORMAT" + "".join(f"\tS{i}" for i in range(n_samples)) if n_samples
                      else "")
    meta = ["##fileformat=VCFv4.2", "##source=hypothesis"]
    fields = [list(map(str, record)) for record in draw_records]
    body = ["\t".join(f + (["GT"] + ["0/1"] * n_samples if n_samples else [])) for f in fields]
    return meta, header, body, fields


def _change_lines(data, kind, meta, header, body, fields):
    """The file's lines after the change ``kind`` (``fields`` follow a valid change)."""
    lines = meta + [header] + body
    record = data.draw(st.integers(0, max(len(body) - 1, 0)))
    at = len(meta) + 1 + record  # the line of the chosen record
    after_header = st.integers(len(meta) + 1, len(lines))
    if kind == "lowercase":  # every other record, whole line: CHROM and ID stay lowercase
        for i in range(1, len(body), 2):
            lines[len(meta) + 1 + i] = body[i].lower()
            fields[i][0], fields[i][2] = fields[i][0].lower(), fields[i][2].lower()
    elif kind == "huge_fields":
        size = data.draw(st.integers(1_000, 200_000))
        lines.insert(1, "##comment=" + "x" * size)
        for i, cells in enumerate(line.split("\t") for line in body):
            cells[7] = "K=" + "y" * size
            if i == 0:
                cells[0] = fields[0][0] = "c" * min(size, 5_000)
                cells[2] = fields[0][2] = "i" * min(size, 5_000)
            lines[len(meta) + 2 + i] = "\t".join(cells)
    elif kind == "many_alleles":
        fields[record][4] = ",".join(["A", "C", "G", "T", "<DEL>"] * 50)
        lines[at] = "\t".join(body[record].split("\t")[:4] + [fields[record][4]]
                              + body[record].split("\t")[5:])
    elif kind == "spaces_for_tabs":
        target = data.draw(st.integers(len(meta), len(lines) - 1))
        lines[target] = lines[target].replace("\t", " ")
    elif kind == "no_header":
        lines.remove(header)
    elif kind in ("duplicate_header", "meta_after_header", "comment_after_header"):
        extra = {"duplicate_header": header, "meta_after_header": "##late=yes",
                 "comment_after_header": "# a comment"}[kind]
        lines.insert(data.draw(after_header), extra)
    elif kind == "header_before_meta":
        lines = [meta[0], header] + meta[1:] + body
    elif kind == "blank_line":
        lines.insert(data.draw(st.integers(1, len(lines))), "")
    elif kind == "no_fileformat":
        lines = lines[1:]
    elif kind in ON_A_RECORD:
        lines[at] = "\t".join(_change_cells(data, kind, lines[at].split("\t")))
    return lines


def _change_cells(data, kind, cells):
    """A record's cells after the change ``kind``: a column less or more, or one bad field."""
    if kind == "drop_column":
        del cells[data.draw(st.integers(0, len(cells) - 1))]
    elif kind == "extra_column":
        extra = data.draw(st.sampled_from(["", ".", "x", "0/1"]))
        cells.insert(data.draw(st.integers(0, len(cells))), extra)
    else:
        column, bad = {
            "bad_pos": (1, ["0", "-1", "ten", "1.5", "", "2147483648", "99999999999", "+5",
                            " 5", "\u0663", "9" * 5000]),
            "bad_ref": (3, ["", "X", "R", "A C", "1", "AN*", "."]),
            "bad_alt": (4, ["", "R", "G,,T", "G,", ",G", "<DEL", "DEL>", "G T", "1", "G,."]),
        }[kind]
        cells[column] = data.draw(st.sampled_from(bad))
    return cells


def _change_bytes(data, kind, lines):
    """The file's bytes from its lines, after the changes made on bytes."""
    text = "\n".join(lines) + ("" if kind == "no_final_newline" else "\n")
    raw = text.replace("\n", "\r\n").encode() if kind == "crlf" else text.encode()
    if kind == "bom":
        return BOM + raw
    if kind == "empty":
        return b""
    if kind == "binary_junk":
        start = data.draw(st.sampled_from([b"", b"\x1f\x8b", b"##fileformat=VCF"]))
        return start + data.draw(st.binary(max_size=3000))
    if kind in ("control_byte", "not_utf8", "insert_byte"):
        choices = {"control_byte": [b"\x00", b"\x01", b"\x0b", b"\x1b", b"\x7f"],
                   "not_utf8": [b"\xff", b"\xc3(", b"\xe9", b"\xed\xa0\x80"],
                   "insert_byte": [bytes([i]) for i in range(256)]}[kind]
        where = data.draw(st.integers(0, len(raw)))
        return raw[:where] + data.draw(st.sampled_from(choices)) + raw[where:]
    return raw


def _compress(raw, how, path):
    if how == "gzip":
        return gzip.compress(raw, compresslevel=1)
    if how == "bgzip":
        with bgzf.BgzfWriter(str(path), "wb") as writer:
            writer.write(raw)
        return path.read_bytes()
    return raw


def _block_ends(packed):
    """Where the blocks of a bgzip file end: a cut there leaves whole blocks only."""
    ends, start = [], 0
    while start + 18 <= len(packed):
        start += int.from_bytes(packed[start + 16:start + 18], "little") + 1
        ends.append(start)
    return ends


def _judge(outcome, path, expected):
    """``expected``: the rows, None for a file that must be refused, ... for either way."""
    assert outcome.kind in ("ok", "ValueError"), (path.name, outcome)
    if outcome.kind == "ValueError":
        assert expected is None or expected is ..., (path.name, outcome)
        first_line = outcome.message.split("\nTraceback")[0]
        assert str(path) in first_line, (path.name, outcome)
        return "refused"
    assert expected is not None, (path.name, outcome, "a table from a broken file")
    if expected is ...:
        expected = _read_independently(path.read_bytes())
    assert outcome.value == expected, path.name
    return "table"


def _table_rows(path):
    return read_variants(path).values.tolist()


def _case(data, draw_records, truncate, kind, how, path):
    """Write one case to ``path``; return the rows it must give, None (refused) or ... (either)."""
    if (kind in ON_A_RECORD or kind in ("many_alleles", "huge_fields")) and not draw_records:
        draw_records = [data.draw(records)]
    meta, header, body, fields = _lines(data, draw_records)
    lines = _change_lines(data, kind, meta, header, body, fields)
    packed = _compress(_change_bytes(data, kind, lines), how, path)
    if kind == "flip_byte" and packed:
        where = data.draw(st.integers(0, len(packed) - 1))
        flipped = packed[where] ^ data.draw(st.integers(1, 255))
        packed = packed[:where] + bytes([flipped]) + packed[where + 1:]
    cut = truncate and len(packed) > 1
    if cut:
        anywhere = st.integers(1, len(packed) - 1)
        ends = _block_ends(packed)[:-1] if how == "bgzip" else []
        packed = packed[: data.draw(st.one_of(anywhere, st.sampled_from(ends)) if ends
                                    else anywhere)]
    path.write_bytes(packed)
    if cut and how != "plain":
        return None  # a compressed file cut short is never read
    if cut or kind in EITHER:
        return ...
    if kind in BROKEN or (kind == "bom" and how != "plain"):
        return None
    return _expected_rows(fields)


def test_malformed_vcf_gives_a_table_or_a_value_error(tmp_path_factory, isolated):
    folder = tmp_path_factory.mktemp("vcf_fuzz")
    cases, verdicts = [], Counter()
    # One hypothesis run per change and storage, so that each gets its share of cases
    # (sampled_from favours its first choices), with a seed of its own: reproducible, and
    # unlike derandomize=True (one seed per function's source) it varies the records drawn.
    combinations = itertools.product(VALID + BROKEN + EITHER, STORAGE)
    for number, (kind, how) in enumerate(combinations):

        @seed(number)
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(data=st.data(), draw_records=st.lists(records, max_size=6), truncate=st.booleans())
        def case(data, draw_records, truncate):
            cases.append(1)
            path = folder / f"case{len(cases)}_{kind}.vcf{'' if how == 'plain' else '.gz'}"
            expected = _case(data, draw_records, truncate, kind, how, path)
            verdict = _judge(isolated(_table_rows, path, timeout=30), path, expected)
            verdicts[kind, verdict] += 1

        case()
    assert len(cases) >= 300
    # Not a suite that passes by refusing everything: every valid change gives tables.
    assert all(verdicts[kind, "table"] for kind in VALID), verdicts
    assert sum(n for (_, verdict), n in verdicts.items() if verdict == "table") >= 40, verdicts
