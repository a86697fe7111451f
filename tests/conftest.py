"""Shared fixtures of the tests: a network guard, planted sites, small models."""

import socket

import numpy as np
import pytest

_real_connect = socket.socket.connect


def _loopback_only_connect(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if self.family in (socket.AF_INET, socket.AF_INET6) and host not in (
        "127.0.0.1",
        "::1",
        "localhost",
    ):
        raise RuntimeError(f"tests may not reach the network (tried {address!r})")
    return _real_connect(self, address)


@pytest.fixture(autouse=True, scope="session")
def no_network():
    """Fail any test that opens a connection beyond the loopback interface."""
    socket.socket.connect = _loopback_only_connect
    yield
    socket.socket.connect = _real_connect


@pytest.fixture(scope="session")
def site():
    """GGATAA, the 6-bp site planted in most toy data, as a (4, 6) probability matrix."""
    return np.eye(4)[:, [2, 2, 0, 3, 0, 0]]


@pytest.fixture(scope="session")
def long_site():
    """ACGTTGAA, the 8-bp site of the classifier and training specifications, as (4, 8)."""
    return np.eye(4)[:, [0, 1, 2, 3, 3, 2, 0, 0]]


@pytest.fixture(scope="session")
def make_tiny_classifier():
    """Build an untrained DeepMotifClassifier that trains in a second.

    8 filters, 2 epochs, seed 0, silent; keywords override any parameter.
    """
    from sklearn_demotif import DeepMotifClassifier

    def build(**params):
        defaults = dict(n_filters=8, max_epochs=2, random_state=0, verbose=0)
        return DeepMotifClassifier(**{**defaults, **params})

    return build


@pytest.fixture(scope="session")
def make_tiny_deepbind():
    """Build an untrained DeepBindClassifier that trains in a second.

    4 motifs of width 5, 2 epochs, seed 0, silent; keywords override any parameter.
    """
    from sklearn_demotif import DeepBindClassifier

    def build(**params):
        defaults = dict(n_motifs=4, motif_length=5, max_epochs=2, random_state=0, verbose=0)
        return DeepBindClassifier(**{**defaults, **params})

    return build


_trained = {}


@pytest.fixture(scope="session")
def planted_model():
    """Train (once per session) a small DeMo pipeline on a planted JASPAR motif.

    Call it with a matrix ID; it returns ``(pipeline, X, y, sites)`` where X are
    DNA strings.  Models are cached so several test files share one training.
    """
    from sklearn.pipeline import Pipeline

    from sklearn_demotif import DeepMotifClassifier, OneHotDNA
    from sklearn_demotif.datasets import make_motif_dataset

    def train(matrix_id, n_samples=2000, length=101, max_epochs=8):
        key = (matrix_id, n_samples, length, max_epochs)
        if key not in _trained:
            X, y, sites = make_motif_dataset(
                matrix_id, n_samples=n_samples, length=length, random_state=0, return_sites=True
            )
            pipeline = Pipeline(
                [
                    ("onehot", OneHotDNA()),
                    (
                        "clf",
                        DeepMotifClassifier(max_epochs=max_epochs, random_state=0, verbose=0),
                    ),
                ]
            ).fit(X, y)
            _trained[key] = (pipeline, X, y, sites)
        return _trained[key]

    return train


@pytest.fixture(scope="session")
def genome_model(tmp_path_factory):
    """A DeMo pipeline trained (once per session) with ``load_peaks`` on a synthetic genome.

    The genome has four 400-kb chromosomes with JASPAR's REST motif (MA0138)
    planted at 200 peak summits each; chr4 is held out.  Returns a Bunch with
    ``files`` (:func:`make_genome_dataset`), ``data`` (:func:`load_peaks`) and
    ``model``.  Its hyperparameters are fixed here (7 epochs, dropout 0.15) so
    that retuning the package defaults on real data does not move the tests
    built on it: at dropout 0.1 it called 7 of the 10 planted sites that the
    variant tests break bound, against 9 of 10 at 0.15.
    """
    import warnings

    from sklearn.pipeline import Pipeline
    from sklearn.utils import Bunch

    from sklearn_demotif import DeepMotifClassifier, OneHotDNA
    from sklearn_demotif.datasets import load_peaks, make_genome_dataset

    files = make_genome_dataset(tmp_path_factory.mktemp("genome"), "MA0138", random_state=0)
    with warnings.catch_warnings():  # a GC bin or two filled from a neighbouring one
        warnings.simplefilter("ignore", UserWarning)
        data = load_peaks(files.peaks, files.genome, test_chromosomes=["chr4"], random_state=0)
    model = Pipeline(
        [("onehot", OneHotDNA()),
         ("clf", DeepMotifClassifier(max_epochs=7, dropout=0.15, random_state=0, verbose=0))]
    ).fit(data.X_train, data.y_train)
    return Bunch(files=files, data=data, model=model)


class IsolatedOutcome:
    """What a call run in a forked child gave: ``kind`` is "ok", "ValueError" or another class."""

    def __init__(self, kind, value, message):
        self.kind, self.value, self.message = kind, value, message

    def __repr__(self):
        return f"IsolatedOutcome({self.kind!r}, {self.message[:200]!r})"


def _run_in_child(function, args, kwargs, timeout):
    import os
    import pickle
    import select
    import signal
    import traceback

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report the outcome through the pipe, never return to pytest
        os.close(read_end)
        try:
            try:
                outcome = ("ok", function(*args, **kwargs), "")
            except BaseException as error:  # noqa: BLE001 (every outcome is reported)
                outcome = (type(error).__name__, None, f"{error}\n{traceback.format_exc()}")
            try:
                payload = pickle.dumps(outcome)
            except Exception:  # noqa: BLE001 (an unpicklable result: report its type)
                payload = pickle.dumps((outcome[0], None, f"unpicklable {type(outcome[1])}"))
            with os.fdopen(write_end, "wb") as stream:
                stream.write(payload)
        finally:
            os._exit(0)
    os.close(write_end)
    chunks = []
    with os.fdopen(read_end, "rb") as stream:
        while True:
            ready, _, _ = select.select([stream], [], [], timeout)
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                pytest.fail(f"{function.__name__}{args!r} ran past {timeout} s (a hang)")
            chunk = os.read(stream.fileno(), 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        pytest.fail(
            f"{function.__name__}{args!r} crashed the interpreter "
            f"(signal {os.WTERMSIG(status)})"
        )
    kind, value, message = pickle.loads(b"".join(chunks))
    return IsolatedOutcome(kind, value, message)


@pytest.fixture(scope="session")
def isolated():
    """Run ``function(*args, **kwargs)`` in a forked child, so that a crash fails the test.

    Returns an :class:`IsolatedOutcome`; a child killed by a signal (a segmentation
    fault in a C library) or running past ``timeout`` seconds fails the calling test
    instead of killing pytest.  The child must not use torch (forked after torch's
    threads started, it could deadlock): these are for readers and parsers.
    """

    def run(function, *args, timeout=30, **kwargs):
        return _run_in_child(function, args, kwargs, timeout)

    return run


#: The tasks of ``multilabel_model`` and the JASPAR motif planted for each.
MULTILABEL_MOTIFS = {"GABPA": "MA0062", "REST": "MA0138", "CTCF": "MA0139"}


@pytest.fixture(scope="session")
def multilabel_model():
    """A DeMo pipeline fitted (once per session) on three tasks, each with its own planted motif.

    900 random 101-bp sequences; every task is bound in about a third of them,
    independently, and a bound sequence carries one site of the task's JASPAR
    motif (``MULTILABEL_MOTIFS``: GABPA, REST, CTCF), each task in its own third
    of the sequence so sites never overlap.  A sixth of the CTCF labels are
    unknown (NaN).  The classifier runs in float32, so its scores can be
    compared exactly; its training AUCs are about 0.8, 1.0 and 0.97.  Returns a
    Bunch with ``X`` (DNA strings), ``y`` (a DataFrame of 0, 1 and NaN, one
    column per task), ``motifs`` (task name -> JASPAR ID) and ``model`` (a
    Pipeline of OneHotDNA and DeepMotifClassifier).
    """
    import pandas as pd
    from sklearn.pipeline import make_pipeline
    from sklearn.utils import Bunch

    from sklearn_demotif import DeepMotifClassifier, OneHotDNA
    from sklearn_demotif.motifs import PWM

    rng = np.random.RandomState(0)
    n_sequences, length, third = 900, 101, 101 // 3
    bases = np.array(list("ACGT"))
    sequences = bases[rng.randint(4, size=(n_sequences, length))]
    labels = (rng.random_sample((n_sequences, len(MULTILABEL_MOTIFS))) < 0.35).astype(float)
    for task, matrix_id in enumerate(MULTILABEL_MOTIFS.values()):
        cumulative = np.cumsum(PWM.from_jaspar(matrix_id).matrix, axis=0)
        width = cumulative.shape[1]
        for row in np.flatnonzero(labels[:, task]):
            drawn = np.minimum((rng.random_sample(width)[None] > cumulative).sum(axis=0), 3)
            start = task * third + rng.randint(third - width + 1)
            sequences[row, start : start + width] = bases[drawn]
    labels[rng.random_sample(n_sequences) < 1 / 6, 2] = np.nan
    X = np.array(["".join(row) for row in sequences])
    y = pd.DataFrame(labels, columns=list(MULTILABEL_MOTIFS))
    classifier = DeepMotifClassifier(n_filters=32, max_epochs=15, lr=0.003, precision="float32",
                                     random_state=0, verbose=0)
    model = make_pipeline(OneHotDNA(), classifier).fit(X, y)
    return Bunch(X=X, y=y, motifs=dict(MULTILABEL_MOTIFS), model=model)


@pytest.fixture(scope="session")
def multilabel_model_folder(multilabel_model, tmp_path_factory):
    """``multilabel_model``'s pipeline saved as a model folder (for the command line)."""
    from sklearn_demotif.persistence import save_model

    folder = tmp_path_factory.mktemp("multilabel") / "model"
    save_model(multilabel_model.model, folder)
    return folder
