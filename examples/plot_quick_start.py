"""
Quick start: a DeMo classifier in a scikit-learn pipeline
=========================================================

Random DNA with the CTCF motif (JASPAR ``MA0139``) planted in half of the
sequences (:func:`~sklearn_demotif.datasets.make_motif_dataset`), a
:class:`~sklearn_demotif.OneHotDNA` + :class:`~sklearn_demotif.DeepMotifClassifier`
pipeline, and its ROC curve on sequences it has not seen.

The model is tiny (two convolutions of 16 filters, 10 epochs) so that the example
runs in seconds on a CPU; the defaults train a much larger network.
"""

import matplotlib.pyplot as plt
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline

from sklearn_demotif import DeepMotifClassifier, OneHotDNA
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.plotting import plot_roc_curve

# %%
# Labelled DNA: 1000 sequences of 60 bases, label 1 for the half with a CTCF site.
X, y = make_motif_dataset("MA0139", n_samples=1000, length=60, random_state=0)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, stratify=y, random_state=0
)
print(X_train[0], y_train[0])

# %%
# DNA strings in, probabilities out: ``OneHotDNA`` encodes the strings as arrays of
# shape ``(n_sequences, 4, length)`` and the classifier trains on them.
classifier = DeepMotifClassifier(
    n_conv_layers=2, n_filters=16, n_highway_layers=2, max_epochs=10, random_state=0, verbose=0
)
pipe = Pipeline([("onehot", OneHotDNA()), ("clf", classifier)])
pipe.fit(X_train, y_train)
print(f"test accuracy: {pipe.score(X_test, y_test):.2f}")

# %%
# The ROC curve of the held-out sequences.
fig, ax = plt.subplots(figsize=(4.5, 4.5))
plot_roc_curve(y_test, pipe.predict_proba(X_test)[:, 1], ax=ax, label="DeMo")
ax.set_title("Held-out sequences")
plt.show()
