"""fetch_experiment against a local HTTP server serving copies of ../shared/data files."""

import hashlib
import shutil
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sklearn_demotif.datasets import (
    DownloadError,
    fetch_experiment,
    fetchable_experiments,
    load_experiment,
)
from sklearn_demotif.datasets._registry import FILES, SOURCES

EXPERIMENT = "MYC_H1-hESC_c-Myc_Stanford"
TEST_ONLY = "STAT3_HeLa-S3_STAT3_Stanford"


class _Server:
    """Serves ``files`` (name -> bytes) under /good/, /wrong/ (altered bytes), /cut/ and /slow/.

    /slow/ sends one byte every 20 ms: a server that never stops but never finishes.
    """

    def __init__(self, files):
        self.files = files
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                mode, _, quoted = self.path.lstrip("/").partition("/")
                name = urllib.parse.unquote(quoted)
                server.requests.append((mode, name))
                data = server.files.get(name)
                if data is None:
                    self.send_error(404)
                    return
                if mode == "wrong":
                    data = data[::-1]
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if mode == "cut":
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                elif mode == "slow":
                    for byte in data[:200]:
                        try:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                        except OSError:
                            return
                        time.sleep(0.02)
                    self.close_connection = True
                else:
                    self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def server(data_home):
    files = {
        path.name: path.read_bytes()
        for experiment in (EXPERIMENT, TEST_ONLY)
        for path in (data_home / "encode").glob(f"{experiment}_*.seq.gz")
    }
    with _Server(files) as running:
        yield running


def test_registry_checksums_match_the_shared_data(data_home):
    for name, source, sha256, size in FILES:
        data = (data_home / "encode" / name).read_bytes()
        assert (hashlib.sha256(data).hexdigest(), len(data)) == (sha256, size), name
        assert SOURCES[source].startswith("https://raw.githubusercontent.com/")


def test_every_experiment_of_the_data_readme_is_fetchable(data_home):
    readme = (data_home / "README.md").read_text()
    names = fetchable_experiments()
    assert len(names) == 19
    assert all(name.split("_")[0] in readme for name in names)


def test_good_download_verifies_and_caches(server, tmp_path, data_home):
    files = fetch_experiment(
        EXPERIMENT, data_home=tmp_path, base_url=server.url + "/good", verbose=0
    )
    for path, split in ((files.train, "AC"), (files.test, "B")):
        original = data_home / "encode" / f"{EXPERIMENT}_{split}.seq.gz"
        assert path == tmp_path / original.name
        assert path.read_bytes() == original.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([files.train.name, files.test.name])
    n_requests = len(server.requests)
    fetch_experiment(EXPERIMENT, data_home=tmp_path, base_url=server.url + "/good", verbose=0)
    assert len(server.requests) == n_requests, "cached files were downloaded again"
    data = load_experiment(EXPERIMENT, data_home=tmp_path, download=True)
    assert data.format == "deepbind" and len(data.X_test) == 1000


def test_test_only_experiment_has_no_training_file(server, tmp_path):
    files = fetch_experiment(
        TEST_ONLY, data_home=tmp_path, base_url=server.url + "/good", verbose=0
    )
    assert files.train is None and files.test.is_file()


def test_wrong_checksum_raises_and_leaves_no_file(server, tmp_path):
    with pytest.raises(DownloadError, match="sha256 .* does not match"):
        fetch_experiment(TEST_ONLY, data_home=tmp_path, base_url=server.url + "/wrong", verbose=0)
    assert list(tmp_path.iterdir()) == []


def test_connection_cut_halfway_raises_and_leaves_no_file(server, tmp_path):
    with pytest.raises(DownloadError, match=r"connection ended after \d+ of \d+ bytes"):
        fetch_experiment(TEST_ONLY, data_home=tmp_path, base_url=server.url + "/cut", verbose=0)
    assert list(tmp_path.iterdir()) == []


def test_http_error_raises_and_leaves_no_file(server, tmp_path):
    with pytest.raises(DownloadError, match="404"):
        fetch_experiment(
            "REST_GM12878_NRSF_HudsonAlpha",
            data_home=tmp_path,
            base_url=server.url + "/good",
            verbose=0,
        )
    assert list(tmp_path.iterdir()) == []


def test_altered_cached_file_is_reported(tmp_path, data_home):
    target = tmp_path / f"{TEST_ONLY}_B.seq.gz"
    shutil.copy(data_home / "encode" / target.name, target)
    target.write_bytes(target.read_bytes()[:-1] + b"x")
    with pytest.raises(DownloadError, match="exists but its sha256"):
        fetch_experiment(TEST_ONLY, data_home=tmp_path, verbose=0)


def test_files_one_folder_down_are_used_without_download(data_home):
    files = fetch_experiment(
        EXPERIMENT, data_home=data_home, base_url="http://127.0.0.1:9", verbose=0
    )
    assert files.train == data_home / "encode" / f"{EXPERIMENT}_AC.seq.gz"


def test_unknown_experiment_names_the_known_ones(tmp_path):
    with pytest.raises(ValueError, match="unknown experiment 'NOPE'.*GABPA_GM12878"):
        fetch_experiment("NOPE", data_home=tmp_path)


def test_a_trickling_download_ends_at_its_deadline_and_leaves_no_file(
    server, tmp_path, monkeypatch
):
    import sklearn_demotif.datasets._fetch as fetch

    monkeypatch.setattr(fetch, "_TIMEOUT", 0.5)
    monkeypatch.setattr(fetch, "_MIN_RATE", 10**9)
    start = time.monotonic()
    with pytest.raises(DownloadError, match=r"took longer than 0.5 s \(\d+ of \d+ bytes\)"):
        fetch_experiment(TEST_ONLY, data_home=tmp_path, base_url=server.url + "/slow", verbose=0)
    assert time.monotonic() - start < 3
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_data_folder_is_named_not_the_temporary_file(server, tmp_path, monkeypatch):
    import sklearn_demotif.datasets._fetch as fetch

    def refuse(**kwargs):
        raise PermissionError(13, "Permission denied", f"{kwargs['dir']}/.x.part")

    monkeypatch.setattr(fetch.tempfile, "NamedTemporaryFile", refuse)
    with pytest.raises(PermissionError) as raised:
        fetch_experiment(TEST_ONLY, data_home=tmp_path, base_url=server.url + "/good", verbose=0)
    assert str(raised.value) == (
        f"cannot write {tmp_path / (TEST_ONLY + '_B.seq.gz')}: Permission denied"
    )


def test_unsafe_names_are_refused_before_any_path_is_built(tmp_path):
    with pytest.raises(ValueError, match="contains '/'"):
        fetch_experiment("../../../../tmp/x/EVIL", data_home=tmp_path)
