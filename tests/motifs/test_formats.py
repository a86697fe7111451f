"""Motif files: MEME, JASPAR and TRANSFAC round trips, other tools' files, errors."""

import numpy as np
import pytest

from sklearn_demotif.motifs import (
    PWM,
    read_jaspar,
    read_meme,
    read_transfac,
    write_jaspar,
    write_meme,
    write_motifs,
    write_transfac,
)


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
        for original, copy in zip(pwms, restored, strict=True):
            np.testing.assert_allclose(copy.matrix, original.matrix, atol=1e-6)
            assert copy.metadata["identifier"] == original.metadata["identifier"]
            assert copy.name == original.name.replace(" ", "_")


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("a.meme", "meme"),
        ("a.txt", "meme"),
        ("a.pfm", "jaspar"),
        ("a.jaspar", "jaspar"),
        ("a.transfac", "transfac"),
        ("a", "meme"),
    ],
)
def test_write_motifs_picks_the_format_from_the_extension(name, fmt, tmp_path):
    pwm = PWM.from_jaspar("MA0035.4")
    path = tmp_path / "new folder" / name
    assert write_motifs(pwm, path) == fmt
    np.testing.assert_allclose(FORMATS[fmt][1](path)[0].matrix, pwm.matrix, atol=1e-6)


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
    for original, copy in zip(pwms, restored, strict=True):
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
        write_motifs(pwm, path)
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
    for fmt, reader in [
        ("jaspar", read_jaspar),
        ("pfm", read_jaspar),
        ("transfac", read_transfac),
    ]:
        (pwm,) = reader(motifs.write([record], fmt))
        np.testing.assert_allclose(pwm.matrix, expected, atol=1e-12, err_msg=fmt)
        assert pwm.metadata["nsites"] == len(sites)
    assert read_jaspar(motifs.write([record], "jaspar"))[0].metadata["identifier"] == "MX7.1"


@pytest.mark.parametrize(
    "reader, text, message",
    [
        (
            read_meme,
            "MOTIF X\nletter-probability matrix: w= 2\n0.5 0.5 0 0\n0.5 x 0 0\n",
            "line 4",
        ),
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


@pytest.mark.parametrize(
    "reader, text, message",
    [
        # w= 0 once gave an IndexError.
        (read_meme, "MOTIF X\nletter-probability matrix: w= 0\n", r"line 2: w= '0' is not a"),
        (read_meme, "MOTIF X\nletter-probability matrix: w= two\n", r"line 2: w= 'two' is not"),
        (read_meme, "MOTIF X\nletter-probability matrix: w= 1 nsites= x\n1 0 0 0\n",
         r"line 2: nsites= 'x' is not a number"),
        (read_meme, "MOTIF X\nletter-probability matrix: w= 1\nnan 0 0 1\n", r"line 3: "),
        (read_meme, "MOTIF X\nletter-probability matrix: w= 1\n2 -1 0 0\n", r"line 3: "),
        (read_meme, "MEME version 4\n\nno motifs here\n", r"<text>: no MEME motif found"),
        (read_jaspar, ">X\nA [ 1e308 ]\nC [ 1e308 ]\nG [ 0 ]\nT [ 0 ]\n", r"line 1: .*too large"),
        (read_transfac, "just words\nmore words\n", r"<text>: no TRANSFAC motif found"),
    ],
)
def test_malformed_motif_files_are_value_errors_naming_the_line(reader, text, message):
    with pytest.raises(ValueError, match=message):
        reader(text)


def test_motif_files_are_named_in_errors_and_may_be_gzipped(tmp_path):
    import gzip

    path = tmp_path / "motifs.meme.gz"
    path.write_bytes(gzip.compress(b"MOTIF X\nletter-probability matrix: w= 0\n"))
    with pytest.raises(ValueError, match=r"motifs\.meme\.gz, line 2"):
        read_meme(path)


def test_write_motifs_refuses_an_unknown_extension_listing_the_known_ones(tmp_path):
    with pytest.raises(ValueError, match=r"m\.xyz: unknown motif file extension '\.xyz'; use one "
                                         r"of \.meme, \.txt, \.jaspar, \.pfm, \.transfac, \.tf"):
        write_motifs(PWM.from_jaspar("MA0035.4"), tmp_path / "m.xyz")
    assert list(tmp_path.iterdir()) == []
    written = write_motifs(PWM.from_jaspar("MA0035.4"), tmp_path / "m.xyz", format="jaspar")
    assert written == "jaspar"
    assert [path.name for path in tmp_path.iterdir()] == ["m.xyz"]


def test_write_motifs_refuses_no_motifs(tmp_path):
    with pytest.raises(ValueError, match=r"no motifs to write to .*empty\.meme"):
        write_motifs([], tmp_path / "empty.meme")
    assert list(tmp_path.iterdir()) == []
