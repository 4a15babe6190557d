#!/bin/sh
# Training throughput of mcdrop's pure-Java trainer vs PyTorch 1.13 on the same architectures:
# images/s for forward + backward + SGD (Nesterov) update at batch 64, 1 and 2 threads, run back to
# back (mcdrop, then PyTorch) for each row, ROUNDS times. Also measures the machine's SGEMM rate
# at 1 and 2 threads with the trainer's own BLAS binding (right before each row) and prints the
# share of it that the whole mcdrop training step reaches; with ROUNDS > 1 also the medians.
# Needs Debian python3-torch for the peer (never part of mcdrop).
# Not a timed test: compare the ratios, which are measured in the same run.
#
# Usage: scripts/bench-trainer.sh [presets...]   (default: fashion deepconv)
# Env:   BATCH (64), BLOCKS (5), ROUNDS (1), WARMUP, STEPS (per block; defaults depend on the preset)
#        CLASSES: trainer classes to measure instead of the build (e.g. an older one); SKIP_BUILD=1
set -eu
cd "$(dirname "$0")/.."
./scripts/setup-system.sh python3-torch
PRESETS=${*:-fashion deepconv}
BATCH=${BATCH:-64}
BLOCKS=${BLOCKS:-5}
ROUNDS=${ROUNDS:-1}
# package, never install: ~/.m2 is shared. SKIP_BUILD=1 reuses the last build's classpath.
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -B -ntp -pl modules/trainer -am package -DskipTests dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$PWD/modules/trainer/target/bench.cp" >/dev/null
fi
CP="${CLASSES:-modules/trainer/target/classes}:$(cat modules/trainer/target/bench.cp)"
# mcdrop parallelises over the batch itself; keep OpenBLAS from adding threads of its own.
export OPENBLAS_NUM_THREADS=1
. scripts/blas-env.sh
# batch norm's sums on the Vector API, as `mcdrop train` runs them; MCDROP_SIMD=0: the scalar ones
VECTOR="--add-modules jdk.incubator.vector"
[ "${MCDROP_SIMD:-1}" = 0 ] && VECTOR=""
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-auto}"
ROWS=modules/trainer/target/bench-rows.txt
: > "$ROWS"
printf '%-9s %-7s %12s %12s %7s %9s %9s %9s\n' preset threads "mcdrop img/s" "torch img/s" ratio "GFLOP/s" "SGEMM" "of SGEMM"
for round in $(seq "$ROUNDS"); do
  for preset in $PRESETS; do
    case $preset in
      deepconv) W=${WARMUP:-1}; S=${STEPS:-2} ;;
      *) W=${WARMUP:-10}; S=${STEPS:-20} ;;
    esac
    for threads in 1 2; do
      # the machine's SGEMM rate right before the row: a shared VM's capacity drifts over minutes
      peak=$(java -cp "$CP" io.mcdrop.trainer.tools.SgemmRate "$threads" 2>/dev/null \
            | sed -n 's/.*gflops=\([0-9.]*\).*/\1/p')
      line=$(java $VECTOR -XX:+UseParallelGC -cp "$CP" io.mcdrop.trainer.tools.ThroughputBench \
            "$preset" "$threads" "$BATCH" "$W" "$BLOCKS" "$S" 2>/dev/null)
      j=$(echo "$line" | sed -n 's/.* img\/s=\([0-9.]*\).*/\1/p')
      gf=$(echo "$line" | sed -n 's/.* gflops=\([0-9.]*\).*/\1/p')
      t=$(/usr/bin/python3 scripts/bench-trainer-torch.py \
            "$preset" "$threads" "$BATCH" "$W" "$BLOCKS" "$S" | sed -n 's/.*img\/s=\([0-9.]*\).*/\1/p')
      ratio=$(awk -v a="$j" -v b="$t" 'BEGIN { printf "%.2f", a / b }')
      share=$(awk -v a="$gf" -v b="$peak" 'BEGIN { printf "%.0f", 100 * a / b }')
      printf '%-9s %-7s %12s %12s %7s %9s %9s %8s%%\n' "$preset" "$threads" "$j" "$t" "$ratio" "$gf" "$peak" "$share"
      echo "$preset $threads $j $t $ratio $share" >> "$ROWS"
    done
  done
done
if [ "$ROUNDS" -gt 1 ]; then
  echo "median over $ROUNDS rounds (each ratio and share taken within its round):"
  for preset in $PRESETS; do
    for threads in 1 2; do
      med() { awk -v p="$preset" -v t="$threads" -v c="$1" '$1 == p && $2 == t { print $c }' "$ROWS" \
        | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
      printf '%-9s %-7s %12s %12s %7s %9s %9s %8s%%\n' "$preset" "$threads" "$(med 3)" "$(med 4)" "$(med 5)" "" "" "$(med 6)"
    done
  done
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
