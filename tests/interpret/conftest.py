"""Shared fixture of the interpretation tests: a small genome and a barely trained model."""

import pytest

from sklearn_demotif.datasets import make_genome_dataset, make_motif_dataset


@pytest.fixture(scope="session")
def tiny_genome_model(tmp_path_factory, make_tiny_classifier):
    """A small genome and a barely trained DeMo pipeline: for checks that need no accuracy.

    Returns ``(files, model)``: ``files`` from :func:`make_genome_dataset` (two 50-kb
    chromosomes, 20 peaks), ``model`` trained one epoch on 60 planted REST sequences.
    """
    from sklearn.pipeline import make_pipeline

    from sklearn_demotif import OneHotDNA

    files = make_genome_dataset(tmp_path_factory.mktemp("tiny_genome"), n_chromosomes=2,
                                chromosome_length=50_000, n_peaks=20, random_state=1)
    X, y = make_motif_dataset("MA0138", n_samples=60, random_state=0)
    classifier = make_tiny_classifier(highway_units=8, n_highway_layers=1, max_epochs=1)
    return files, make_pipeline(OneHotDNA(), classifier).fit(X, y)
