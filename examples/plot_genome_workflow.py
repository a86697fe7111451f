"""
From peaks and a genome to a genome track
=========================================

What a ChIP-seq experiment gives is a peak file and a genome, not labelled
sequences.  :func:`~sklearn_demotif.datasets.load_peaks` turns them into training
data (the windows on the peak summits, GC-matched windows elsewhere) and holds
out whole chromosomes for testing; :func:`~sklearn_demotif.interpret.scan_genome`
then scores sliding windows along the held-out chromosome: the model's genome
track, which :func:`~sklearn_demotif.interpret.write_track` writes for a genome
browser (a bigWig or a bedGraph, by the file's extension).

The genome is synthetic (:func:`~sklearn_demotif.datasets.make_genome_dataset`):
random DNA with the CTCF motif planted at the summit of every peak, so we know
where the track should rise.
"""

import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline

from sklearn_demotif import DeepMotifClassifier, OneHotDNA
from sklearn_demotif.datasets import load_peaks, make_genome_dataset
from sklearn_demotif.interpret import scan_genome, write_track

# %%
# The files: ``genome.fa`` (three chromosomes of 100 kb), ``peaks.narrowPeak`` and a VCF.
folder = Path(tempfile.mkdtemp())
files = make_genome_dataset(
    folder, n_chromosomes=3, chromosome_length=100_000, n_peaks=80, random_state=0
)
print(sorted(path.name for path in folder.iterdir()))

# %%
# Train on ``chr1`` and ``chr2``, test on ``chr3``.
data = load_peaks(files.peaks, files.genome, test_chromosomes=["chr3"], random_state=0,
                  verbose=0)
model = make_pipeline(
    OneHotDNA(),
    DeepMotifClassifier(n_conv_layers=1, n_filters=16, n_highway_layers=1, max_epochs=10,
                        lr=1e-2, random_state=0, verbose=0),
)
model.fit(data.X_train, data.y_train)
auc = roc_auc_score(data.y_test, model.predict_proba(data.X_test)[:, 1])
print(f"{len(data.X_train)} training sequences on chr1 and chr2, ROC AUC on chr3: {auc:.3f}")

# %%
# The track of 10 kb of ``chr3``: a 101-base window every 10 bases, scored by
# its log-odds of being bound.  Planted sites are marked in red.
region = ("chr3", 60_000, 70_000)
track = scan_genome(model, files.genome, f"{region[0]}:{region[1]}-{region[2]}", stride=10,
                    verbose=0)
bigwig = write_track(folder / "chr3.bw", track, sizes=files.genome, step=10)
print(track.head(3), f"\n... {len(track)} windows, written to {bigwig.name}")

sites = files.sites[(files.sites.chrom == region[0])
                    & (files.sites.site_start >= region[1])
                    & (files.sites.site_end <= region[2])]
fig, ax = plt.subplots(figsize=(8, 3))
ax.plot((track.start + track.end) / 2, track.score, lw=0.8, color="black")
for start in sites.site_start:
    ax.axvline(start, color="tab:red", alpha=0.5, lw=1)
ax.set_xlabel(f"{region[0]} position")
ax.set_ylabel("log-odds of binding")
ax.set_title("Genome track of a held-out chromosome; red: planted CTCF sites")
fig.tight_layout()
plt.show()
