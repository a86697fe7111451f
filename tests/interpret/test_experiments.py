"""In-silico experiments: marginalize, ablate and motif_spacing."""

import numpy as np
import pytest
from sklearn.pipeline import make_pipeline

from sklearn_demotif import OneHotDNA
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_decode, one_hot_encode
from sklearn_demotif.interpret import ablate, marginalize, motif_spacing
from sklearn_demotif.interpret.experiments import _pair_starts, _shuffled_copies, _sites
from sklearn_demotif.motifs import PWM

SITE = "GATAAG"


@pytest.fixture(scope="module")
def tiny(make_tiny_classifier):
    """A barely trained pipeline on 30-bp GATA1 (MA0035) sequences, and its data."""
    X, y = make_motif_dataset("MA0035", n_samples=120, length=30, random_state=0)
    model = make_pipeline(OneHotDNA(), make_tiny_classifier()).fit(X, y)
    return model, X, y


def _log_odds(model, X):
    probability = model.predict_proba(X)[:, 1].astype(np.float64)
    return np.log(probability) - np.log1p(-probability)


# marginalize ------------------------------------------------------------------------


def test_marginalize_is_the_mean_change_of_the_log_odds_at_the_centre(tiny):
    model, X, y = tiny
    background = list(X[y == 0][:20])
    result = marginalize(model, background, SITE)
    inserted = [s[:12] + SITE + s[18:] for s in background]  # (30 - 6) // 2 = 12
    expected = _log_odds(model, inserted) - _log_odds(model, background)
    np.testing.assert_allclose(result.deltas, expected, atol=2e-3)
    assert result.n == 20
    assert result.effect == pytest.approx(result.deltas.mean())
    assert result.sem == pytest.approx(result.deltas.std(ddof=1) / np.sqrt(20))


def test_marginalize_at_a_given_position(tiny):
    model, X, y = tiny
    background = list(X[y == 0][:10])
    result = marginalize(model, background, SITE, position=0)
    expected = _log_odds(model, [SITE + s[6:] for s in background]) - _log_odds(model, background)
    np.testing.assert_allclose(result.deltas, expected, atol=2e-3)


def test_marginalize_takes_one_hot_and_strings_alike(tiny):
    model, X, y = tiny
    background = list(X[y == 0][:10])
    from_strings = marginalize(model, background, SITE)
    from_arrays = marginalize(model, one_hot_encode(background), SITE)
    np.testing.assert_allclose(from_strings.deltas, from_arrays.deltas, atol=1e-6)


def test_gap_letters_keep_the_background(tiny):
    model, X, y = tiny
    result = marginalize(model, list(X[:8]), "NNNNNN")
    np.testing.assert_array_equal(result.deltas, 0.0)


def test_marginalize_is_reproducible_with_a_seed(tiny):
    model, X, y = tiny
    pwm = PWM.from_jaspar("MA0035")
    runs = [
        marginalize(model, "shuffle", pwm, sequences=X, n_samples=30, random_state=3)
        for _ in range(2)
    ]
    np.testing.assert_array_equal(runs[0].deltas, runs[1].deltas)
    other = marginalize(model, "shuffle", pwm, sequences=X, n_samples=30, random_state=4)
    assert not np.array_equal(runs[0].deltas, other.deltas)
    assert runs[0].n == 30 and runs[0].deltas.shape == (30,)


def test_pwm_sites_are_sampled_on_both_strands():
    pwm = PWM(np.eye(4)[:, [2, 0, 3, 0, 0, 2]])  # GATAAG, certain at every column
    sites, mask = _sites(pwm, 400, np.random.RandomState(0), both_strands=True)
    texts = one_hot_decode(sites)
    forward = np.mean(texts == "GATAAG")
    assert 0.4 < forward < 0.6
    assert set(texts) == {"GATAAG", "CTTATC"}
    assert mask.all()


def test_pwm_sites_follow_the_probabilities():
    pwm = PWM([[0.8], [0.2], [0.0], [0.0]])
    sites, _ = _sites(pwm, 2000, np.random.RandomState(0), both_strands=False)
    assert sites[:, 0, 0].mean() == pytest.approx(0.8, abs=0.03)
    assert sites[:, 2:, 0].sum() == 0


@pytest.mark.parametrize(
    ("arguments", "keywords", "message"),
    [
        (([], SITE), {}, "background holds no sequence"),
        ((["ACGT" * 7 + "AC"], "A" * 31), {}, "31 bases long but the sequences only 30"),
        ((["ACGT" * 7 + "AC"], "ACXT"), {}, "'X' at position 2"),
        ((["ACGT" * 7 + "AC"], SITE), {"target": 2}, "target 2 is not one of the classes"),
        ((["ACGT" * 7 + "AC"], SITE), {"position": 25}, "the last position that fits is 24"),
        (("shuffle", SITE), {}, "needs sequences="),
        ((["ACGT" * 7 + "AC"], SITE), {"sequences": ["ACGT"]}, "only used with"),
    ],
)
def test_marginalize_refuses_bad_input(tiny, arguments, keywords, message):
    with pytest.raises(ValueError, match=message):
        marginalize(tiny[0], *arguments, **keywords)


def test_arguments_after_the_data_are_keyword_only(tiny):
    with pytest.raises(TypeError):
        marginalize(tiny[0], ["ACGT" * 7 + "AC"], SITE, None)


# ablate -----------------------------------------------------------------------------


def test_ablate_reports_the_drop_in_sequences_with_sites(tiny):
    model, X, y = tiny
    bound = list(X[y == 1][:20])
    no_site = "C" * 30
    result = ablate(model, bound + [no_site], SITE, random_state=0, n_shuffles=3)
    assert 0 < result.n <= 20 and 20 not in result.sequences
    assert result.n_sites >= result.n
    assert result.deltas.shape == (result.n,)
    assert result.effect == pytest.approx(result.deltas.mean())
    again = ablate(model, bound + [no_site], SITE, random_state=0, n_shuffles=3)
    np.testing.assert_array_equal(result.deltas, again.deltas)


def test_ablate_without_sites_reports_nothing(tiny):
    result = ablate(tiny[0], ["C" * 30, "A" * 30], SITE, random_state=0)
    assert result.n == 0 and result.n_sites == 0 and np.isnan(result.effect)


def test_ablation_shuffles_only_the_sites_and_keeps_their_composition():
    X = one_hot_encode(["CCCCGATAAGCCCC", "GGGGGGGGGGGGGG"])
    copies = _shuffled_copies(X, {0: [[4, 10]]}, 5, np.random.RandomState(0))
    texts = one_hot_decode(copies)
    assert len(texts) == 5
    for text in texts:
        assert text[:4] == "CCCC" and text[10:] == "CCCC"
        assert sorted(text[4:10]) == sorted("GATAAG")


def test_ablate_refuses_a_motif_longer_than_the_sequences(tiny):
    with pytest.raises(ValueError, match="31 bases long"):
        ablate(tiny[0], ["ACGT" * 7 + "AC"], "A" * 31)


# motif_spacing ----------------------------------------------------------------------


def test_pairs_are_centred_and_spaced_from_end_to_start():
    first, second = _pair_starts(length=30, widths=(6, 4), spacing=2)
    assert (first, second) == (9, 17)  # 12 bases from 9 to 21: 9 before, 9 after
    assert second - (first + 6) == 2


def test_motif_spacing_table(tiny):
    model, X, y = tiny
    table = motif_spacing(model, list(X[y == 0][:15]), "GATA", "AAG", spacings=[0, 3, 7])
    assert table.columns.tolist() == [
        "spacing", "effect", "sem", "first_effect", "second_effect",
        "cooperativity", "cooperativity_sem",
    ]
    assert table["spacing"].tolist() == [0, 3, 7]
    np.testing.assert_allclose(
        table["cooperativity"],
        table["effect"] - table["first_effect"] - table["second_effect"],
        atol=1e-9,
    )


def test_motif_spacing_effect_is_marginalize_of_the_pair(tiny):
    model, X, y = tiny
    background = list(X[y == 0][:15])
    table = motif_spacing(model, background, "GATA", "AAG", spacings=[5])
    pair = marginalize(model, background, "GATA" + "N" * 5 + "AAG")  # 12 bases, centred alike
    assert table["effect"].iloc[0] == pytest.approx(pair.effect, abs=1e-5)


def test_spacings_that_do_not_fit_name_the_largest_that_does(tiny):
    with pytest.raises(ValueError, match="spacings go from 0 to 20"):
        motif_spacing(tiny[0], ["ACGT" * 7 + "AC"], "GATA", SITE, spacings=range(0, 30))


def test_motif_spacing_is_reproducible_with_a_seed(tiny):
    model, X, y = tiny
    pwm = PWM.from_jaspar("MA0035")
    tables = [
        motif_spacing(model, "shuffle", pwm, "GATA", sequences=X, n_samples=10,
                      spacings=range(0, 5), random_state=1)
        for _ in range(2)
    ]
    np.testing.assert_array_equal(tables[0].to_numpy(), tables[1].to_numpy())


# a planted grammar ------------------------------------------------------------------

FIRST, SECOND = "CTTATCA", "GCAGGTA"


def _grammar(n_sequences, length, rng):
    """Bound only when FIRST is followed by SECOND after 10 to 14 bases.

    Every other sequence is bound; the unbound ones hold FIRST alone, SECOND
    alone, the pair at a gap of 0 to 5, the pair in the other order, or neither.
    """
    sequences, labels = [], []
    for index in range(n_sequences):
        bases = list(rng.choice(list("ACGT"), length))
        kind = "bound" if index % 2 == 0 else rng.choice(
            ["first", "second", "near", "swapped", "neither"]
        )
        gap = {"bound": rng.integers(10, 15), "near": rng.integers(0, 6)}.get(kind, 12)
        start = rng.integers(0, length - 14 - gap + 1)
        if kind in ("bound", "near", "first"):
            bases[start : start + 7] = FIRST
        if kind in ("bound", "near", "second"):
            bases[start + 7 + gap : start + 14 + gap] = SECOND
        if kind == "swapped":
            bases[start : start + 7] = SECOND
            bases[start + 7 + gap : start + 14 + gap] = FIRST
        sequences.append("".join(bases))
        labels.append(int(kind == "bound"))
    return np.array(sequences), np.array(labels)


@pytest.fixture(scope="module")
def grammar_model(make_tiny_classifier):
    X, y = _grammar(2000, 40, np.random.default_rng(0))
    classifier = make_tiny_classifier(
        n_filters=16, n_conv_layers=2, kernel_sizes=(9, 9), highway_units=8,
        n_highway_layers=1, max_epochs=8, lr=1e-2,
    )
    return make_pipeline(OneHotDNA(), classifier).fit(X, y), X[y == 0]


def test_motif_spacing_finds_the_planted_spacing(grammar_model):
    model, unbound = grammar_model
    table = motif_spacing(model, "shuffle", FIRST, SECOND, sequences=unbound,
                          spacings=range(0, 27), n_samples=200, random_state=0)
    best = int(table.loc[table["effect"].idxmax(), "spacing"])
    assert 10 <= best <= 14
    assert table.loc[table["spacing"] == best, "cooperativity"].item() > 1.0


def test_the_pair_beats_either_motif_alone(grammar_model):
    model, unbound = grammar_model
    effects = {
        name: marginalize(model, "shuffle", motif, sequences=unbound, n_samples=200,
                          random_state=0).effect
        for name, motif in [("pair", FIRST + "N" * 12 + SECOND), ("first", FIRST),
                            ("second", SECOND)]
    }
    assert effects["pair"] >= max(effects["first"], effects["second"]) + 1.0
