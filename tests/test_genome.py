"""The genome workflow end to end: peaks and a genome in, a model, its motif, a track, variants.

The model is the session's ``genome_model`` (tests/conftest.py): DeMo's default
network trained for at most 7 epochs with ``load_peaks`` on a synthetic genome
with JASPAR's REST motif planted at the peak summits, chr4 held out.
"""

import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

import sklearn_demotif.datasets
import sklearn_demotif.interpret
from sklearn_demotif.genome import load_peaks, scan_genome, variant_effects
from sklearn_demotif.motifs import compare_to_jaspar


def test_the_facade_exports_the_packages_own_functions():
    assert load_peaks is sklearn_demotif.datasets.load_peaks
    assert scan_genome is sklearn_demotif.interpret.scan_genome
    assert variant_effects is sklearn_demotif.interpret.variant_effects


def test_group_folds_never_share_a_chromosome(genome_model):
    data = genome_model.data
    for train, test in GroupKFold(n_splits=3).split(data.X, data.y, groups=data.groups):
        assert not set(data.groups[train]) & set(data.groups[test])


def test_a_model_trained_from_peaks_reaches_auc_095_on_held_out_chromosomes(genome_model):
    data, model = genome_model.data, genome_model.model
    assert set(data.groups_test) == {"chr4"} and "chr4" not in set(data.groups_train)
    auc = roc_auc_score(data.y_test, model.decision_function(data.X_test))
    print(f"\nheld-out chr4: ROC AUC {auc:.4f} on {len(data.y_test)} sequences")
    assert auc >= 0.95


def test_its_motif_matches_the_planted_motif_in_jaspar(genome_model):
    pwm = genome_model.model[-1].motif_(n_restarts=4, n_steps=500, random_state=0).trim()
    matches = compare_to_jaspar(pwm, top=5)
    print(f"\nmotif {pwm.consensus}; JASPAR matches:\n{matches[['matrix_id', 'name', 'q_value']]}")
    planted = matches[matches["matrix_id"].str.startswith("MA0138.")]
    assert len(planted) == 1 and planted.index[0] == 0 and planted["q_value"].iloc[0] < 0.01


def test_the_track_peaks_at_a_planted_site_of_a_held_out_chromosome(genome_model):
    files, model = genome_model.files, genome_model.model
    sites = files.sites[files.sites["chrom"] == "chr4"].iloc[:3]
    for site in sites.itertuples():
        region = f"chr4:{site.summit - 400}-{site.summit + 400}"
        track = scan_genome(model, files.genome, region, stride=5, verbose=0)
        best = track.loc[track["score"].idxmax()]
        assert best.start <= site.site_start and site.site_end <= best.end  # holds the site
        assert best.score > np.median(track["score"]) + 3
