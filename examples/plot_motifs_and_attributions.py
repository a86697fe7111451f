"""
Motifs and attribution maps
===========================

Three ways to ask a trained classifier what it learned:

* class optimization (:meth:`DeepMotifClassifier.motif_
  <sklearn_demotif.DeepMotifClassifier.motif_>`): the core of the inputs the network
  finds most typical of bound DNA, as a position weight matrix;
* :func:`~sklearn_demotif.interpret.find_motifs`: every motif the model uses, from
  its first-layer filters and from the stretches of the sequences that drive its
  predictions (seqlets), each checked for enrichment in the bound sequences;
* an attribution map (:func:`~sklearn_demotif.interpret.saliency`): which bases of
  one sequence push its prediction towards "bound".

The data have the CTCF motif (JASPAR ``MA0139``) planted in the bound sequences,
so each answer can be compared with the truth.  Naming motifs by their JASPAR
match (``compare=True``) is left out here to keep the example fast.
"""

import matplotlib.pyplot as plt
import numpy as np

from sklearn_demotif import PWM, DeepMotifClassifier
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode
from sklearn_demotif.interpret import find_motifs, saliency
from sklearn_demotif.plotting import plot_attribution, plot_logo

# %%
# A classifier trained on one-hot DNA (no pipeline: the arrays are used again below).
sequences, y = make_motif_dataset("MA0139", n_samples=1000, length=60, random_state=0)
X = one_hot_encode(sequences)
clf = DeepMotifClassifier(n_conv_layers=1, n_filters=16, n_highway_layers=1, max_epochs=10,
                          lr=1e-2, random_state=0, verbose=0).fit(X, y)

# %%
# Class optimization, then the motifs of the filters and seqlets.
optimized = clf.motif_(n_restarts=4, n_steps=200, random_state=0).trim()
motifs = find_motifs(clf, X, y, methods=("filters", "seqlets"), max_motifs=3,
                     max_sequences=400, compare=False, random_state=0, verbose=0)
for motif in motifs:
    print(motif.name, motif.consensus, motif.metadata["methods"],
          f"support {motif.metadata['support']:.2f}")

# %%
# The attribution map of a bound sequence: the planted site stands out.
bound = X[np.flatnonzero(y == 1)[:1]]
attribution = saliency(clf, bound)

fig, axes = plt.subplots(4, 1, figsize=(8, 8), gridspec_kw={"height_ratios": [1, 1, 1, 1.2]})
plot_logo(PWM.from_jaspar("MA0139.2"), ax=axes[0])
axes[0].set_title("planted: JASPAR MA0139.2 (CTCF)")
plot_logo(optimized, ax=axes[1])
axes[1].set_title("class optimization")
if motifs:
    plot_logo(motifs[0], ax=axes[2])
    axes[2].set_title(f"find_motifs: {motifs[0].name} ({', '.join(motifs[0].metadata['methods'])})")
plot_attribution(attribution, sequence_onehot=bound, ax=axes[3])
axes[3].set_title("saliency of one bound sequence")
fig.tight_layout()
plt.show()
