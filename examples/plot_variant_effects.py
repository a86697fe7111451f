"""
Variant effects
===============

:func:`~sklearn_demotif.interpret.variant_effects` scores every SNV of a VCF
twice, with the reference base and with the alternative one, and reports the
change of the model's log-odds of binding (``delta``).  A variant that breaks a
binding site should lower it; a variant far from every site should leave it
alone.

We train a model on a synthetic genome
(:func:`~sklearn_demotif.datasets.make_genome_dataset`, CTCF sites at the peak
summits), then write a small VCF by hand: one SNV in the most conserved position
of each planted site of the held-out chromosome, and as many SNVs far from every site.
"""

import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from sklearn.pipeline import make_pipeline

from sklearn_demotif import DeepMotifClassifier, OneHotDNA
from sklearn_demotif.datasets import load_peaks, make_genome_dataset
from sklearn_demotif.interpret import variant_effects
from sklearn_demotif.io import Genome

# %%
# A model trained on ``chr1`` and ``chr2``.
folder = Path(tempfile.mkdtemp())
files = make_genome_dataset(
    folder, n_chromosomes=3, chromosome_length=100_000, n_peaks=80, random_state=0
)
data = load_peaks(files.peaks, files.genome, test_chromosomes=["chr3"], random_state=0,
                  verbose=0)
model = make_pipeline(
    OneHotDNA(),
    DeepMotifClassifier(n_conv_layers=1, n_filters=16, n_highway_layers=1, max_epochs=10,
                        lr=1e-2, random_state=0, verbose=0),
).fit(data.X_train, data.y_train)

# %%
# The VCF.  ``files.sites`` has every planted site (0-based, with its strand); the
# SNV goes to the motif's most conserved column and puts there the base the motif
# likes least.  Control SNVs sit at least 500 bases from every site, out of reach of
# the model's 101-base window.
genome = Genome(files.genome)
matrix = files.matrix                        # (4, width), rows A, C, G, T
column = int(np.argmax(matrix.max(axis=0)))
rng = np.random.default_rng(0)
sites = files.sites[files.sites.chrom == "chr3"].head(20)
records = []
for number, site in enumerate(sites.itertuples()):
    if site.strand == "+":
        position, weights = site.site_start + column, matrix[:, column]
    else:                                    # the reverse strand: complemented, ACGT -> TGCA
        position, weights = site.site_end - 1 - column, matrix[::-1, column]
    ref = genome.fetch("chr3", position, position + 1)
    alt = "ACGT"[int(np.argmin(weights))]
    records.append(("chr3", position + 1, f"site_{number}", ref, alt))
while len(records) < 2 * len(sites):
    position = int(rng.integers(5_000, 95_000))
    if np.abs(files.sites.site_start[files.sites.chrom == "chr3"] - position).min() < 500:
        continue
    ref = genome.fetch("chr3", position, position + 1)
    if ref == "N":
        continue
    alt = rng.choice([base for base in "ACGT" if base != ref])
    records.append(("chr3", position + 1, f"far_{len(records)}", ref, alt))
records.sort(key=lambda record: record[1])

vcf = folder / "my_variants.vcf"
lines = ["##fileformat=VCFv4.2"]
lines += [f"##contig=<ID={name},length={size}>" for name, size in genome.sizes.items()]
lines += ["#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO"]
lines += [f"{chrom}\t{pos}\t{name}\t{ref}\t{alt}\t.\tPASS\t." for chrom, pos, name, ref, alt
          in records]
vcf.write_text("\n".join(lines) + "\n")
print("\n".join(lines[:8]))

# %%
# Score them: one row per variant, ``delta = alt_score - ref_score``.
effects = variant_effects(model, vcf, files.genome)
effects["kind"] = np.where(effects.id.str.startswith("site"), "breaks a site", "far from sites")
print(effects[["chrom", "pos", "id", "ref", "alt", "delta", "status"]].head())
print(effects.groupby("kind").delta.describe()[["count", "mean", "min", "max"]])

fig, ax = plt.subplots(figsize=(5, 3.5))
for x, (kind, group) in enumerate(effects.groupby("kind")):
    jitter = rng.uniform(-0.12, 0.12, len(group))
    ax.scatter(x + jitter, group.delta, s=18, alpha=0.8)
ax.axhline(0, color="grey", lw=0.8)
ax.set_xticks([0, 1], sorted(effects.kind.unique()))
ax.set_ylabel("change of log-odds (alt - ref)")
ax.set_title("Variant effects on a held-out chromosome")
fig.tight_layout()
plt.show()
