"""
A grid search on a Dask cluster
===============================

scikit-learn's searches run their fits through joblib, and Dask provides a joblib
backend: inside ``joblib.parallel_backend("dask")`` every (candidate, fold) fit of
:class:`~sklearn.model_selection.GridSearchCV` is a task of the cluster, and the
search finds the same ``best_params_`` as on one core because every fit is seeded.

Here the cluster is a :class:`~distributed.LocalCluster` inside this process (one
worker, two threads); on a real cluster only the address given to
:class:`~distributed.Client` changes (see the scaling page of the user guide).
``run_benchmark(..., scheduler=client)`` sends whole experiments to a cluster
the same way, but needs ChIP-seq data on disk; this example needs nothing.
"""

import joblib
import matplotlib.pyplot as plt
import numpy as np
from distributed import Client, LocalCluster
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline

from sklearn_demotif import DeepMotifClassifier, OneHotDNA
from sklearn_demotif.datasets import make_motif_dataset

# %%
# Synthetic data: the GATA1 motif (JASPAR ``MA0035``) planted in half of the sequences.
X, y = make_motif_dataset("MA0035", n_samples=600, length=50, random_state=0)

# %%
# A 2 x 2 grid, 3 folds: 12 fits as Dask tasks, then the refit of the best.
pipe = Pipeline(
    [
        ("onehot", OneHotDNA()),
        ("clf", DeepMotifClassifier(n_conv_layers=1, n_highway_layers=1, max_epochs=10,
                                    lr=1e-2, random_state=0, verbose=0)),
    ]
)
grid = {"clf__n_filters": [4, 16], "clf__dropout": [0.1, 0.5]}
search = GridSearchCV(pipe, grid, cv=3, scoring="roc_auc", n_jobs=-1)

with LocalCluster(processes=False, n_workers=1, threads_per_worker=2,
                  dashboard_address=None) as cluster, Client(cluster) as client:
    with joblib.parallel_backend("dask"):
        search.fit(X, y)
    print(f"fitted on {len(client.scheduler_info()['workers'])} Dask worker")
print(search.best_params_, f"{search.best_score_:.3f}")

# %%
# Mean ROC AUC of each candidate over the three folds.
scores = search.cv_results_["mean_test_score"].reshape(2, 2)
fig, ax = plt.subplots(figsize=(4, 3.5))
image = ax.imshow(scores, cmap="viridis")
ax.set_xticks([0, 1], grid["clf__dropout"])
ax.set_yticks([0, 1], grid["clf__n_filters"])
ax.set_xlabel("dropout")
ax.set_ylabel("n_filters")
for (row, column), score in np.ndenumerate(scores):
    ax.text(column, row, f"{score:.3f}", ha="center", va="center", color="white")
fig.colorbar(image, ax=ax, label="mean ROC AUC")
ax.set_title("GridSearchCV on Dask")
fig.tight_layout()
plt.show()
