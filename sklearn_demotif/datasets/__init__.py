"""Where the data lives, verified downloads, ChIP-seq experiments, peaks and synthetic data.

One data-folder policy serves everything (:func:`get_data_home`): the
``data_home`` argument, else ``$DEMOTIF_DATA``, else the per-user cache that
:func:`fetch_experiment` downloads to.  The file readers themselves live in
:mod:`sklearn_demotif.io`.

>>> from sklearn_demotif.datasets import load_experiment, make_motif_dataset
"""

from ._experiments import (
    PUBLISHED_AUCS_FILE,
    add_shuffled_negatives,
    list_experiments,
    load_experiment,
    read_published_aucs,
)
from ._fetch import DownloadError, fetch_experiment, fetchable_experiments
from ._home import (
    check_experiment_name,
    default_cache_home,
    experiment_files,
    find_file,
    get_data_home,
)
from ._peaks import load_peaks
from ._synthetic import make_genome_dataset, make_motif_dataset
from ._synthetic_factors import FACTOR_MOTIFS, make_multitask_genome_dataset

__all__ = [
    "DownloadError",
    "FACTOR_MOTIFS",
    "PUBLISHED_AUCS_FILE",
    "add_shuffled_negatives",
    "check_experiment_name",
    "default_cache_home",
    "experiment_files",
    "fetch_experiment",
    "fetchable_experiments",
    "find_file",
    "get_data_home",
    "list_experiments",
    "load_experiment",
    "load_peaks",
    "make_genome_dataset",
    "make_motif_dataset",
    "make_multitask_genome_dataset",
    "read_published_aucs",
]
