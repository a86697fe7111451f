"""
In-silico experiments: what a motif does to the call
====================================================

Three controlled experiments on a trained classifier, each comparing sequences
with edited copies of themselves so that everything but the edit cancels:

* :func:`~sklearn_demotif.interpret.marginalize` inserts a motif at the centre of
  background sequences: how much does the motif alone raise the log-odds of "bound"?
* :func:`~sklearn_demotif.interpret.ablate` shuffles a motif's sites away in real
  sequences: how much of the call rests on them?
* :func:`~sklearn_demotif.interpret.motif_spacing` inserts two motifs at a range of
  distances: at which spacing does the pair count most, and is it more than the sum
  of its halves (cooperativity)?

The data have two motifs planted in the bound sequences, CTCF (JASPAR ``MA0139``)
and SP1 (``MA0079``), one site each; the last step asks the classifier for its own
motif by class optimization (:meth:`DeepMotifClassifier.motif_
<sklearn_demotif.DeepMotifClassifier.motif_>`), whose metadata hold the effect of
that motif measured the same way.  The model is tiny so that the example runs in
seconds on a CPU.
"""

import matplotlib.pyplot as plt

from sklearn_demotif import PWM, DeepMotifClassifier
from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.encoding import one_hot_encode
from sklearn_demotif.interpret import ablate, marginalize, motif_spacing
from sklearn_demotif.plotting import plot_motif_spacing

# %%
# 1000 sequences of 60 bases; a bound sequence has a CTCF or an SP1 site.
ctcf, sp1 = PWM.from_jaspar("MA0139"), PWM.from_jaspar("MA0079")
sequences, y = make_motif_dataset(["MA0139", "MA0079"], n_samples=1000, length=60, random_state=0)
X = one_hot_encode(sequences)
clf = DeepMotifClassifier(n_conv_layers=2, n_filters=16, n_highway_layers=2, max_epochs=10,
                          random_state=0, verbose=0).fit(X, y)
print(f"training accuracy: {clf.score(X, y):.2f}")

# %%
# Marginalization: each motif's sites, drawn from its matrix, inserted at the centre
# of 200 dinucleotide shuffles of the sequences.  ``effect`` is the mean change of
# the log-odds, ``sem`` its standard error.
for pwm in (ctcf, sp1):
    inserted = marginalize(clf, "shuffle", pwm, sequences=X, n_samples=200, random_state=0)
    print(f"{pwm.name}: inserted, the log-odds change by {inserted.effect:+.2f} "
          f"± {inserted.sem:.2f}")

# %%
# Ablation: the bound sequences with their CTCF sites (found by a PWM scan)
# shuffled away.  ``effect`` is the mean drop of the log-odds over the sequences
# with a site: positive when the motif raised the call.  Half of the bound
# sequences had CTCF planted; the other half had SP1.
bound = X[y == 1]
removed = ablate(clf, bound, ctcf, n_shuffles=5, random_state=0)
print(f"CTCF sites in {removed.n} of {len(bound)} bound sequences; shuffling them "
      f"lowers the log-odds by {removed.effect:.2f} ± {removed.sem:.2f}")

# %%
# Spacing: CTCF and SP1 sites inserted together, 0 to 20 bases apart.  The
# cooperativity is the effect of the pair beyond the sum of the two alone.  No
# training sequence had both, so whatever it shows is the model's own way of
# adding up evidence, not a grammar of the data.
table = motif_spacing(clf, "shuffle", ctcf, sp1, sequences=X, spacings=range(0, 21),
                      n_samples=100, random_state=0)
print(table[["spacing", "effect", "cooperativity"]].head())

# %%
# Class optimization: the core of the input the classifier finds most typical of
# bound DNA; its metadata hold the core's effect, measured like ``marginalize``.
optimized = clf.motif_(n_restarts=2, n_steps=100, random_state=0)
print(optimized.consensus, f"effect {optimized.metadata['effect']:+.2f}")

fig, ax = plt.subplots(figsize=(6, 3.2))
plot_motif_spacing(table, ax=ax, title="CTCF and SP1 inserted together")
fig.tight_layout()
plt.show()
