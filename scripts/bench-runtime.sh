#!/usr/bin/env bash
# mcdrop runtime benchmark (issue 2): MC dropout at T=50 on one 1x28x28 image, mcdrop's strategies
# against PyTorch 1.13 on the same network, in one run, printed as one table with ratios.
#
#   scripts/bench-runtime.sh [--rounds N] [--threads 1,2] [--samples 50] [--blocks 7]
#                            [--block-ms 300] [--micro-batch 16,32,64,128] [--out DIR]
#                            [--ratios-only] [--no-build]
#
# 1. builds the onnx, runtime and bench modules (no tests; --no-build skips this: build first with
#    ./mvnw -q -pl bench -am package -DskipTests, e.g. outside a machine reservation);
# 2. the PyTorch side (scripts/torch_mc_bench.py, Debian's /usr/bin/python3 with python3-torch)
#    exports the two models with TrainingMode.PRESERVE and times its LOOP and BATCHED forms;
# 3. the Java side (io.mcdrop.bench.RuntimeBench) times mcdrop on exactly those ONNX files;
# 4. steps 2-3 alternate for N rounds (default 2) so both sides see similar machine load; the
#    report takes each cell's best round median and prints every round's median beside it.
# The table is printed and written to OUT/benchmark.md (OUT defaults to bench/target/bench-runtime).
# 5. issue 14's ratios (io.mcdrop.bench.Ratios, 1 thread, each against its peer in the same run):
#    MC T=50 trunk-cached / deterministic, and seeded / unseeded (one image; predictAll of 8);
#    printed and written to OUT/ratios.md. --ratios-only exports the models and prints just these.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

ROUNDS=2 THREADS=1,2 SAMPLES=50 BLOCKS=7 BLOCK_MS=300 WARMUP_MS=500 MICRO="" OUT=bench/target/bench-runtime
RATIOS_ONLY=0 BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --samples) SAMPLES=$2; shift 2 ;;
    --blocks) BLOCKS=$2; shift 2 ;;
    --block-ms) BLOCK_MS=$2; shift 2 ;;
    --warmup-ms) WARMUP_MS=$2; shift 2 ;;
    --micro-batch) MICRO=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --ratios-only) RATIOS_ONLY=1; shift ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "bench-runtime.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

PY=/usr/bin/python3
"$(dirname "$0")/setup-system.sh" python3-torch python3-onnx
if ! "$PY" -c 'import torch, onnx' 2>/dev/null; then
  echo "bench-runtime.sh: $PY lacks torch/onnx; install Debian's python3-torch and python3-onnx" >&2
  exit 1
fi

if [ "$BUILD" = 1 ]; then
  echo "building mcdrop (onnx, runtime, bench; tests skipped)..." >&2
  ./mvnw -q -pl bench -am package -DskipTests
fi
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
mkdir -p "$OUT"
rm -f "$OUT"/mcdrop-*.json "$OUT"/torch-*.json

MACHINE="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')), $(uname -sr), shared with other work"
echo "machine: $MACHINE" >&2
ratios() {
  echo "issue 14 ratios (1 thread; load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  java -Xss16m -cp "$CP" io.mcdrop.bench.RuntimeBench ratios \
    --model a="$OUT/bench_a.onnx" --model b="$OUT/bench_b.onnx" \
    --blocks "$BLOCKS" --block-ms "$BLOCK_MS" --warmup-ms "$WARMUP_MS" | tee "$OUT/ratios.md"
}
if [ "$RATIOS_ONLY" = 1 ]; then
  # the PyTorch side only exports the two models here (one short timing block, discarded)
  "$PY" -W ignore scripts/torch_mc_bench.py --export-dir "$OUT" --json "$OUT/torch-export.json" \
    --threads 1 --samples 2 --blocks 1 --block-ms 10 --warmup-ms 10 \
    2> >(grep -v -e '_C\._jit' -e 'UserWarning' -e '^ *warnings.warn' >&2) >/dev/null
  ratios
  exit 0
fi
MCFILES="" TORCHFILES=""
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r/$ROUNDS: PyTorch (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  "$PY" -W ignore scripts/torch_mc_bench.py --export-dir "$OUT" --json "$OUT/torch-$r.json" \
    --threads "$THREADS" --samples "$SAMPLES" --blocks "$BLOCKS" --block-ms "$BLOCK_MS" \
    --warmup-ms "$WARMUP_MS" 2> >(grep -v -e '_C\._jit' -e 'UserWarning' -e '^ *warnings.warn' >&2)
  echo "round $r/$ROUNDS: mcdrop (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  EXTRA=()
  if [ -n "$MICRO" ]; then EXTRA=(--micro-batch "$MICRO"); fi
  java -cp "$CP" io.mcdrop.bench.RuntimeBench measure \
    --model a="$OUT/bench_a.onnx" --model b="$OUT/bench_b.onnx" --json "$OUT/mcdrop-$r.json" \
    --threads "$THREADS" --samples "$SAMPLES" --blocks "$BLOCKS" --block-ms "$BLOCK_MS" \
    --warmup-ms "$WARMUP_MS" "${EXTRA[@]}"
  MCFILES="$MCFILES,$OUT/mcdrop-$r.json" TORCHFILES="$TORCHFILES,$OUT/torch-$r.json"
done

java -cp "$CP" io.mcdrop.bench.RuntimeBench report --mcdrop "${MCFILES#,}" --torch "${TORCHFILES#,}" \
  --markdown "$OUT/benchmark.md" --machine "$MACHINE"
echo "(table written to $OUT/benchmark.md)" >&2
ratios
