#!/usr/bin/env bash
# The GPU benchmarks in one run: training throughput, the full 16-experiment DeMo
# comparison and prediction throughput, on one CUDA GPU, in under 8 minutes.
#
#   benchmarks/gpu.sh --prepare   here, with network: wheels -> .gpu-wheels/, data -> .gpu-data/
#   benchmarks/gpu.sh             on the GPU machine (no network): install wheels, run, report
#   benchmarks/gpu.sh --dry-run   on any CPU: the same steps on a tiny synthetic data folder
#
# The GPU machine has Python 3.12 with torch, scikit-learn, pandas, matplotlib, numba,
# tqdm, safetensors and pytest, but not skorch, memelite, pyjaspar or logomaker, and no
# network.  --prepare downloads skorch, memelite (with pyfaidx), logomaker and biopython
# as wheels for CPython 3.12 on x86-64 Linux, and copies the data folder ($DEMOTIF_DATA,
# 15 MB).  pyjaspar is left out: its wheel (57 MB, the JASPAR database) would not fit
# beside the data in what travels to the machine (64 MiB), and nothing run here reads
# JASPAR.  Both folders are git-ignored; bring them along (carry .gpu-wheels and
# .gpu-data).
#
# The results -- gpu_results.md (device, versions, every benchmark's table and each
# step's status), the comparison's CSV and figure, and the pytest log -- go to
# $DEMOTIF_GPU_OUT, else $OUT, else benchmarks/results/gpu/.  The benchmarks write
# their own files to $DEMOTIF_BENCH_RESULTS (a temporary folder here), so a dry run
# never touches benchmarks/results/ or its cached models.
#
# Settings of the GPU run: DeMo only (DEMOTIF_BENCH_MODELS=demo; the comparison is
# with DeepBind's published AUCs), default DeMo training, one process on the GPU
# (DEMOTIF_BENCH_JOBS=1).  DEMOTIF_GPU_BUDGET (seconds, default 420) bounds the
# benchmarks; what finished is reported either way.
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WHEELS=${DEMOTIF_GPU_WHEELS:-$REPO/.gpu-wheels}
DATA=${DEMOTIF_GPU_DATA:-$REPO/.gpu-data}
PYTHON=${PYTHON:-python3}
MODE=run
case "${1:-}" in
    "") ;;
    --prepare) MODE=prepare ;;
    --dry-run) MODE=dry-run ;;
    -h|--help) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "gpu.sh: unknown option '$1' (use --prepare, --dry-run or nothing)" >&2; exit 2 ;;
esac

if [ "$MODE" = prepare ]; then
    set -e
    mkdir -p "$WHEELS"
    "$PYTHON" -m pip download --no-deps --only-binary=:all: --python-version 3.12 \
        --implementation cp --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 \
        --platform manylinux2014_x86_64 -d "$WHEELS" \
        skorch==1.4.0 memelite==0.5.0 pyfaidx==0.9.2.2 logomaker==0.8.7 biopython==1.88
    SOURCE=${DEMOTIF_DATA:-$REPO/../shared/data}
    rm -rf "$DATA" && cp -r "$SOURCE" "$DATA"
    echo "prepared: $(du -sh "$WHEELS" | cut -f1) of wheels in $WHEELS," \
         "$(du -sh "$DATA" | cut -f1) of data in $DATA"
    echo "run on the GPU machine: bash benchmarks/gpu.sh (carry .gpu-wheels and .gpu-data)"
    exit 0
fi

OUTPUT=${DEMOTIF_GPU_OUT:-${OUT:-$REPO/benchmarks/results/gpu}}
mkdir -p "$OUTPUT"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export DEMOTIF_BENCH_RESULTS=$WORK/results
export PYTHONUNBUFFERED=1 MPLBACKEND=Agg
export PYTHONPATH=$REPO${PYTHONPATH:+:$PYTHONPATH}
BUDGET=${DEMOTIF_GPU_BUDGET:-420}
START=$(date +%s)

if [ "$MODE" = dry-run ]; then
    # Tiny settings: one small synthetic experiment under GATA1's name, few sequences.
    export DEMOTIF_DATA=$WORK/data CUDA_VISIBLE_DEVICES=""
    export DEMOTIF_THROUGHPUT_N=128 DEMOTIF_PREDICT_N=256
    "$PYTHON" - "$DEMOTIF_DATA" <<'PYTHON' || exit 1
import sys
from pathlib import Path

from sklearn_demotif.datasets import make_motif_dataset
from sklearn_demotif.io import write_labeled_fasta

home = Path(sys.argv[1])
folder = home / "demo_k562" / "GATA1_K562_GATA-1_USC"
folder.mkdir(parents=True)
X, y = make_motif_dataset("MA0035", n_samples=300, length=101, random_state=0)
write_labeled_fasta(folder / "train.fa", X[:200], y[:200])
write_labeled_fasta(folder / "test.fa", X[200:], y[200:])
(home / "README.md").write_text("Synthetic data of benchmarks/gpu.sh --dry-run.\n")
(home / "deepbind_aucs.tsv").write_text(
    "experiment\tcell_line\ttf\tdeepbind_star_auc\tdeepbind_auc\tmeme_sum_auc\tmeme_m1_auc\n"
    "GATA1_K562_GATA-1_USC\tK562\tGATA1\t0.5\t0.5\t0.5\t0.5\n"
)
PYTHON
else
    if [ ! -d "$DATA" ]; then
        echo "gpu.sh: no data folder $DATA; run benchmarks/gpu.sh --prepare first" >&2
        exit 1
    fi
    export DEMOTIF_DATA=$DATA
    if compgen -G "$WHEELS/*.whl" > /dev/null; then
        "$PYTHON" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir \
            --target "$WORK/site" "$WHEELS"/*.whl || exit 1
        export PYTHONPATH=$PYTHONPATH:$WORK/site
    fi
    if ! "$PYTHON" -c "import torch, sys; sys.exit(not torch.cuda.is_available())"; then
        echo "gpu.sh: torch sees no CUDA GPU; use --dry-run on a CPU" >&2
        exit 1
    fi
fi

DEVICE=$("$PYTHON" - <<'PYTHON'
import torch, skorch, sklearn, sys
name = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "CPU only"
print(f"{name}; torch {torch.__version__}, CUDA {torch.version.cuda}, skorch "
      f"{skorch.__version__}, scikit-learn {sklearn.__version__}, Python {sys.version.split()[0]}")
PYTHON
) || { echo "gpu.sh: the packages do not import (skorch missing? see --prepare)" >&2; exit 1; }
echo "gpu.sh ($MODE): $DEVICE"

# One pytest run, fastest first, so that a run cut short by the budget still reports
# the throughputs.  The comparison keeps its DeMo models; prediction throughput then
# reuses GATA1's instead of training it again.
cd "$REPO"
DEMOTIF_BENCH=full DEMOTIF_BENCH_JOBS=1 DEMOTIF_BENCH_SEARCH_ITER=0 DEMOTIF_BENCH_MODELS=demo \
    timeout "$BUDGET" "$PYTHON" -m pytest -q -s \
    benchmarks/test_throughput.py benchmarks/test_deepbind_comparison.py \
    benchmarks/test_prediction_throughput.py > "$OUTPUT/gpu_pytest.log" 2>&1
STATUS=$?
ELAPSED=$(( $(date +%s) - START ))
case $STATUS in
    0) VERDICT="all benchmarks ran and met their targets" ;;
    1) VERDICT="all benchmarks ran; some missed their targets (see the log)" ;;
    124) VERDICT="stopped by the ${BUDGET} s budget; what finished is below" ;;
    *) VERDICT="pytest failed with status $STATUS (see the log)" ;;
esac

RESULTS=$DEMOTIF_BENCH_RESULTS
{
    echo "# GPU benchmarks ($MODE)"
    echo
    echo "- device: $DEVICE"
    echo "- $(date -u +%Y-%m-%dT%H:%MZ), ${ELAPSED} s wall in all; $VERDICT"
    echo "- settings: DeMo defaults, DEMOTIF_BENCH=full DEMOTIF_BENCH_MODELS=demo" \
         "DEMOTIF_BENCH_JOBS=1 DEMOTIF_BENCH_SEARCH_ITER=0"
    for file in throughput_cuda.md throughput_cpu.md deepbind_comparison_full.md \
                prediction_throughput.md; do
        if [ -f "$RESULTS/$file" ]; then
            echo; echo "## $file"; echo; sed 's/^#/###/' "$RESULTS/$file"
        fi
    done
    echo; echo "## last lines of the pytest log"; echo; echo '```'
    tail -n 15 "$OUTPUT/gpu_pytest.log"; echo '```'
} > "$OUTPUT/gpu_results.md"
for file in deepbind_comparison_full.csv deepbind_comparison_full.png; do
    [ -f "$RESULTS/$file" ] && cp "$RESULTS/$file" "$OUTPUT/"
done
echo "gpu.sh: $VERDICT; results in $OUTPUT/gpu_results.md (${ELAPSED} s)"
case $STATUS in 0|1) exit 0 ;; *) exit 1 ;; esac
