"""summarize_benchmark's markdown text and plot_benchmark's scatter, from a made-up table."""

import numpy as np
import pandas as pd
import pytest

from sklearn_demotif.benchmark import plot_benchmark, summarize_benchmark


@pytest.fixture
def table():
    """Three experiments, both models; the third without published AUCs."""
    return pd.DataFrame({
        "experiment": ["A", "A", "B", "B", "C", "C"],
        "model": ["demo", "deepbind"] * 3,
        "auc": [0.95, 0.93, 0.93, 0.90, 0.8, 0.85],
        "average_precision": [0.94, 0.9, 0.92, 0.88, 0.7, 0.75],
        "n_train": [100] * 4 + [50] * 2,
        "published_deepbind_star_auc": [0.94, 0.94, 0.91, 0.91, np.nan, np.nan],
        "published_deepbind_auc": [0.90, 0.90, 0.88, 0.88, np.nan, np.nan],
    })


def test_the_summary_gives_medians_comparisons_and_one_line_per_experiment(table):
    assert summarize_benchmark(table) == (
        "| model | experiments | median AUC | median average precision |\n"
        "|---|---|---|---|\n"
        "| DeMo (ours) | 3 | 0.9300 | 0.9200 |\n"
        "| DeepBind (ours) | 3 | 0.9000 | 0.8800 |\n"
        "| DeepBind* (published) | 2 | 0.9250 | – |\n"
        "| DeepBind (published) | 2 | 0.8900 | – |\n"
        "\n"
        "- Our DeMo beats the published DeepBind* AUC on 2 of 2 experiments "
        "(median ΔAUC +0.0150).\n"
        "- Our DeepBind beats the published DeepBind* AUC on 0 of 2 experiments "
        "(median ΔAUC -0.0100).\n"
        "- Median AUC of our DeepBind minus that of the published DeepBind*: -0.0100.\n"
        "\n"
        "| experiment | n_train | DeMo (ours) | DeepBind (ours) | DeMo (ours) AP | "
        "DeepBind (ours) AP | DeepBind* (published) | DeepBind (published) |\n"
        "|---|---|---|---|---|---|---|---|\n"
        "| A | 100 | 0.9500 | 0.9300 | 0.9400 | 0.9000 | 0.9400 | 0.9000 |\n"
        "| B | 100 | 0.9300 | 0.9000 | 0.9200 | 0.8800 | 0.9100 | 0.8800 |\n"
        "| C | 50 | 0.8000 | 0.8500 | 0.7000 | 0.7500 | nan | nan |\n"
    )


def test_rows_without_average_precision_summarize_it_as_nan(table):
    demo = table[table.model == "demo"].drop(columns="average_precision")
    assert summarize_benchmark(demo) == (
        "| model | experiments | median AUC | median average precision |\n"
        "|---|---|---|---|\n"
        "| DeMo (ours) | 3 | 0.9300 | nan |\n"
        "| DeepBind* (published) | 2 | 0.9250 | – |\n"
        "| DeepBind (published) | 2 | 0.8900 | – |\n"
        "\n"
        "- Our DeMo beats the published DeepBind* AUC on 2 of 2 experiments "
        "(median ΔAUC +0.0150).\n"
        "\n"
        "| experiment | n_train | DeMo (ours) | DeMo (ours) AP | DeepBind* (published) | "
        "DeepBind (published) |\n"
        "|---|---|---|---|---|---|\n"
        "| A | 100 | 0.9500 | nan | 0.9400 | 0.9000 |\n"
        "| B | 100 | 0.9300 | nan | 0.9100 | 0.8800 |\n"
        "| C | 50 | 0.8000 | nan | nan | nan |\n"
    )


def test_without_published_aucs_the_summary_makes_no_comparison(table):
    table = table.assign(published_deepbind_star_auc=np.nan, published_deepbind_auc=np.nan)
    lines = summarize_benchmark(table).splitlines()
    assert not [line for line in lines if line.startswith("- ")]
    assert lines[6:8] == ["", ""]


def test_the_plot_puts_each_model_against_the_published_deepbind_star_auc(table):
    ax = plot_benchmark(table)
    assert ax.get_xlabel() == "published DeepBind* AUC" and ax.get_ylabel() == "our AUC"
    assert [text.get_text() for text in ax.get_legend().get_texts()] == [
        "DeMo (ours)", "DeepBind (ours)"
    ]
    demo = ax.collections[0].get_offsets()
    assert np.asarray(demo)[:2].tolist() == [[0.94, 0.95], [0.91, 0.93]]
    assert ax.get_xlim() == pytest.approx((0.79, 1.0))
