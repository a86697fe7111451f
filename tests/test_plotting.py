"""Sequence logos and attribution maps, drawn without a display."""

import matplotlib
import numpy as np
import pytest

from sklearn_demotif.encoding import one_hot_encode
from sklearn_demotif.motifs import PWM
from sklearn_demotif.plotting import plot_attribution, plot_logo


def read_png(path):
    from matplotlib.image import imread

    image = imread(path)
    assert image.ndim == 3 and image.shape[0] > 50 and image.shape[1] > 50
    return image[..., :3]


def drawn_fraction(image):
    """Share of pixels that are not (near) white."""
    return float((image.min(axis=2) < 0.9).mean())


def test_pwm_plot_writes_a_non_blank_png_without_a_display(tmp_path, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    backend = matplotlib.get_backend()
    ax = PWM.from_jaspar("MA0139.2").plot()
    path = tmp_path / "ctcf.png"
    ax.figure.savefig(path)
    image = read_png(path)
    assert drawn_fraction(image) > 0.02
    assert image.std() > 0.05
    assert matplotlib.get_backend() == backend
    assert ax.get_title() == "CTCF"


def test_an_uninformative_motif_draws_nothing_in_bits(tmp_path):
    flat, peaked = PWM(np.full((4, 8), 0.25)), PWM.from_jaspar("MA0035.4")
    fractions = []
    for pwm in (flat, peaked):
        path = tmp_path / "logo.png"
        ax = plot_logo(pwm)
        ax.set_axis_off()
        ax.figure.savefig(path)
        fractions.append(drawn_fraction(read_png(path)))
    assert fractions[0] < 0.001 < fractions[1]


def test_information_heights_are_bits_and_probability_heights_sum_to_one():
    pwm = PWM.from_jaspar("MA0035.4")
    bits = plot_logo(pwm, kind="information")
    probability = plot_logo(pwm.matrix, kind="probability")
    assert bits.get_ylabel() == "bits" and bits.get_ylim() == (0, 2)
    assert probability.get_ylabel() == "probability" and probability.get_title() == ""
    np.testing.assert_allclose(_glyph_heights(probability), pwm.matrix, atol=1e-6)
    np.testing.assert_allclose(
        _glyph_heights(bits), pwm.matrix * pwm.information_content(), atol=1e-6
    )


CLASSIC_COLOURS = {(0.0, 0.5, 0.0): 0, (0.0, 0.0, 1.0): 1, (1.0, 0.65, 0.0): 2, (1.0, 0.0, 0.0): 3}


def _glyph_heights(ax, width=None):
    """Signed letter heights per (base, position), read back from the drawn glyphs."""
    boxes = [patch.get_path().get_extents() for patch in ax.patches]
    width = width or 1 + max(round((box.x0 + box.x1) / 2) for box in boxes)
    heights = np.zeros((4, width))
    for patch, box in zip(ax.patches, boxes, strict=True):
        base = CLASSIC_COLOURS[tuple(round(c, 2) for c in patch.get_facecolor()[:3])]
        position = round((box.x0 + box.x1) / 2)
        heights[base, position] += (box.y1 - box.y0) * np.sign(box.y0 + box.y1)
    return heights


def test_plot_logo_draws_on_a_given_axes():
    from matplotlib.figure import Figure

    figure = Figure()
    axes = figure.subplots(1, 2)
    returned = plot_logo(PWM.from_jaspar("MA0139.2"), ax=axes[1])
    assert returned is axes[1] and len(axes[1].patches) > 0 and len(axes[0].patches) == 0


def test_invalid_kind_and_matrices_raise():
    with pytest.raises(ValueError, match="kind"):
        plot_logo(PWM.from_jaspar("MA0035.4"), kind="bits")
    with pytest.raises(ValueError, match="negative"):
        plot_logo([[1.5], [-0.5], [0.0], [0.0]])


def test_attribution_with_a_sequence_shows_only_its_bases(tmp_path):
    sequence = one_hot_encode(["ACGTTGCAAC"])
    attribution = np.random.RandomState(0).normal(size=(4, 10))
    ax = plot_attribution(attribution, sequence_onehot=sequence)
    drawn = _glyph_heights(ax, width=10)
    np.testing.assert_allclose(drawn, sequence[0] * attribution.sum(axis=0), atol=1e-6)
    path = tmp_path / "attribution.png"
    ax.figure.savefig(path)
    assert drawn_fraction(read_png(path)) > 0.01


def test_attribution_without_a_sequence_draws_the_map_as_it_is():
    attribution = np.random.RandomState(1).normal(size=(1, 4, 12))
    ax = plot_attribution(attribution)
    np.testing.assert_allclose(_glyph_heights(ax, width=12), attribution[0], atol=1e-6)
    assert ax.get_ylabel() == "attribution"


@pytest.mark.parametrize(
    "attribution, sequence, message",
    [
        (np.zeros((2, 4, 5)), None, "one sequence"),
        (np.zeros((5, 4)), None, r"shape \(4, length\)"),
        (np.zeros((4, 5)), np.zeros((4, 6)), "sequence_onehot has shape"),
        (np.full((4, 5), np.nan), None, "NaN"),
    ],
)
def test_invalid_attribution_inputs_raise(attribution, sequence, message):
    with pytest.raises(ValueError, match=message):
        plot_attribution(attribution, sequence_onehot=sequence)


def test_plot_motifs_draws_one_titled_row_per_motif_to_one_scale():
    from sklearn_demotif.plotting import plot_motifs

    gata, ctcf = PWM.from_jaspar("MA0035.4"), PWM.from_jaspar("MA0139.2")
    gata.metadata.update(
        methods=["class_optimization", "seqlets"],
        jaspar={"id": "MA0035.5", "name": "GATA1", "q_value": 2e-6},
    )
    figure = plot_motifs([gata, ctcf])
    first, second = figure.axes
    assert first.get_title() == (
        "GATA1: GATA1 (MA0035.5, q = 2e-06); found by class optimization, seqlets"
    )
    assert first.get_xlim() == second.get_xlim() == (-0.5, 14.5)
    with pytest.raises(ValueError, match="at least one motif"):
        plot_motifs([])


def test_precision_recall_curve_gives_the_average_precision_and_the_positive_share():
    from sklearn.metrics import average_precision_score

    from sklearn_demotif.plotting import plot_precision_recall_curve

    y_true, y_score = [0, 0, 0, 1, 1, 0, 1, 0], [0.1, 0.4, 0.2, 0.35, 0.8, 0.7, 0.9, 0.3]
    ax = plot_precision_recall_curve(y_true, y_score, label="toy")
    expected = average_precision_score(y_true, y_score)
    assert ax.get_legend().get_texts()[0].get_text() == f"toy (AP = {expected:.3f})"
    baseline = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
    assert len(baseline) == 1 and baseline[0].get_ydata()[0] == 3 / 8
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("recall", "precision")


def test_precision_recall_curve_takes_another_positive_label():
    from sklearn_demotif.plotting import plot_precision_recall_curve

    ax = plot_precision_recall_curve(["b", "a", "b"], [0.9, 0.1, 0.8], pos_label="b")
    assert ax.get_legend().get_texts()[0].get_text() == "AP = 1.000"


def test_motif_spacing_plot_draws_effect_and_cooperativity_per_spacing():
    import pandas as pd

    from sklearn_demotif.plotting import plot_motif_spacing

    table = pd.DataFrame(
        {"spacing": range(5), "effect": [1.0, 2.0, 4.0, 2.0, 1.0],
         "cooperativity": [0.0, 0.5, 2.0, 0.5, 0.0]}
    )
    ax = plot_motif_spacing(table, title="motif 1 then motif 2")
    effect, cooperativity = ax.get_lines()[:2]
    assert list(effect.get_xdata()) == [0, 1, 2, 3, 4]
    assert list(cooperativity.get_ydata()) == [0.0, 0.5, 2.0, 0.5, 0.0]
    assert ax.get_title() == "motif 1 then motif 2"
    with pytest.raises(ValueError, match="no column 'cooperativity'"):
        plot_motif_spacing(table.drop(columns="cooperativity"))
    with pytest.raises(ValueError, match="no rows"):
        plot_motif_spacing(table.iloc[:0])
