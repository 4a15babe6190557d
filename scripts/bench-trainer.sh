#!/bin/sh
# Training throughput of mcdrop's pure-Java trainer vs PyTorch 1.13 on the same architectures:
# images/s for forward + backward + SGD (Nesterov) update at batch 64, 1 and 2 threads.
# Needs Debian python3-torch for the peer (never part of mcdrop). Not a timed test.
#
# Usage: scripts/bench-trainer.sh [presets...]   (default: fashion deepconv)
# Env:   BATCH (64), BLOCKS (5), WARMUP, STEPS (per block; defaults depend on the preset)
set -eu
cd "$(dirname "$0")/.."
./scripts/setup-system.sh python3-torch
PRESETS=${*:-fashion deepconv}
BATCH=${BATCH:-64}
BLOCKS=${BLOCKS:-5}
./mvnw -q -pl modules/trainer -am install -DskipTests
./mvnw -q -pl modules/trainer dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$PWD/modules/trainer/target/bench.cp" >/dev/null
CP="modules/trainer/target/classes:$(cat modules/trainer/target/bench.cp)"
# mcdrop parallelises over the batch itself; keep OpenBLAS from adding threads of its own.
export OPENBLAS_NUM_THREADS=1
printf '%-9s %-7s %12s %12s %7s\n' preset threads "mcdrop img/s" "torch img/s" ratio
for preset in $PRESETS; do
  case $preset in
    deepconv) WARMUP=${WARMUP:-1}; STEPS=${STEPS:-2} ;;
    *) WARMUP=${WARMUP:-10}; STEPS=${STEPS:-20} ;;
  esac
  for threads in 1 2; do
    j=$(java -XX:+UseParallelGC -cp "$CP" io.mcdrop.trainer.tools.ThroughputBench \
          "$preset" "$threads" "$BATCH" "$WARMUP" "$BLOCKS" "$STEPS" 2>/dev/null | sed -n 's/.*img\/s=\([0-9.]*\).*/\1/p')
    t=$(/usr/bin/python3 scripts/bench-trainer-torch.py \
          "$preset" "$threads" "$BATCH" "$WARMUP" "$BLOCKS" "$STEPS" | sed -n 's/.*img\/s=\([0-9.]*\).*/\1/p')
    ratio=$(awk -v a="$j" -v b="$t" 'BEGIN { printf "%.2f", a / b }')
    printf '%-9s %-7s %12s %12s %7s\n' "$preset" "$threads" "$j" "$t" "$ratio"
  done
done
