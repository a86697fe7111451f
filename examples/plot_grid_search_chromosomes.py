"""
Grid search with chromosomes as groups
======================================

Sequences from one chromosome are more alike than sequences from two: a model
scored on the chromosomes it was trained on looks better than it is.
:func:`~sklearn_demotif.datasets.load_peaks` returns each sequence's chromosome as
``groups``, so that :class:`~sklearn.model_selection.GroupKFold` keeps every
chromosome in one fold, and
:class:`~sklearn.model_selection.GridSearchCV` scores each setting on chromosomes
it did not train on.

The data come from :func:`~sklearn_demotif.datasets.make_genome_dataset`: a small
random genome with the CTCF motif planted at the summits of its peaks.
"""

import tempfile
from collections import Counter

import matplotlib.pyplot as plt
from sklearn.model_selection import GridSearchCV, GroupKFold
from sklearn.pipeline import Pipeline

from sklearn_demotif import DeepMotifClassifier, OneHotDNA
from sklearn_demotif.datasets import load_peaks, make_genome_dataset

# %%
# A genome of three chromosomes with 80 peaks each, and training data from it:
# a 101-base window on every summit, and as many GC-matched windows elsewhere.
folder = tempfile.mkdtemp()
files = make_genome_dataset(
    folder, n_chromosomes=3, chromosome_length=100_000, n_peaks=80, random_state=0
)
data = load_peaks(files.peaks, files.genome, random_state=0, verbose=0)
print(data.description)
print("sequences per chromosome:", Counter(data.groups))

# %%
# Three folds, one chromosome each, and two network sizes.
pipe = Pipeline(
    [
        ("onehot", OneHotDNA()),
        ("clf", DeepMotifClassifier(n_conv_layers=1, n_highway_layers=1, max_epochs=10,
                                    lr=1e-2, random_state=0, verbose=0)),
    ]
)
folds = GroupKFold(n_splits=3)
search = GridSearchCV(pipe, {"clf__n_filters": [4, 16]}, cv=folds, scoring="roc_auc")
search.fit(data.X, data.y, groups=data.groups)
print(search.best_params_, f"{search.best_score_:.3f}")

# %%
# The AUC of each setting on each held-out chromosome.
results = search.cv_results_
settings = [str(n_filters) for n_filters in results["param_clf__n_filters"]]
fig, ax = plt.subplots(figsize=(5, 3.5))
for fold, (_, test) in enumerate(folds.split(data.X, data.y, data.groups)):
    ax.plot(settings, results[f"split{fold}_test_score"], "o",
            label=f"held out: {data.groups[test[0]]}")
ax.bar(settings, results["mean_test_score"], color="lightgrey", label="mean")
ax.set_xlabel("n_filters")
ax.set_ylabel("ROC AUC on held-out chromosomes")
ax.set_ylim(0.4, 1.0)
ax.legend(loc="upper left", fontsize="small")
fig.tight_layout()
plt.show()
