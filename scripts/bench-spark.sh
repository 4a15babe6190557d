#!/usr/bin/env bash
# Spark batch scoring benchmark (a script, not a test): images/s of `mcdrop batch` in local mode
# against `mcdrop classify --json` on the same images in one process with the same threads, then a
# standalone cluster on this machine with one worker and with two (one core each).
#
#   scripts/bench-spark.sh [--images N] [--samples T] [--rounds R] [--threads "1 2"]
#                          [--part local|cluster|all] [--no-build]
#
# Every run is timed from the shell, as a user sees it (JVM start, Spark's start, listing, writing
# the results). Each side also runs on N/10 of the images, so a run's time splits into a fixed
# start-up (the intercept) and a per-image cost (the slope between the two sizes): the steady-state
# throughput, which is what a large input sees. Medians over the rounds. Fashion-MNIST test images
# (the 10,000 repeat past 10,000, under other names) are written as PNGs to a temporary folder.
# BATCH_JAVA_OPTS, if set, is given to the batch side only (MCDROP_JAVA_OPTS to both), e.g.
# BATCH_JAVA_OPTS=-XX:TieredStopAtLevel=1 to measure the JIT's share of Spark's start-up.
# `mcdrop batch` runs once untimed first: the launcher's first Spark run after a build records its
# start-up cache (class data sharing), as a user's first run would; one timed row runs without it.
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HOME_DIR"
IMAGES=20000; SAMPLES=30; ROUNDS=3; THREADS="1 2"; PART=all; BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --images) IMAGES="$2"; shift 2;;
    --samples) SAMPLES="$2"; shift 2;;
    --rounds) ROUNDS="$2"; shift 2;;
    --threads) THREADS="$2"; shift 2;;
    --part) PART="$2"; shift 2;;
    --no-build) BUILD=0; shift;;
    *) echo "usage: $0 [--images N] [--samples T] [--rounds R] [--threads \"1 2\"] [--part local|cluster|all] [--no-build]" >&2; exit 2;;
  esac
done
case "$PART" in local|cluster|all) ;; *) echo "--part: local, cluster or all" >&2; exit 2;; esac
DATA=/usr/share/datasets/fashion-mnist
[ -f "$DATA/t10k-images-idx3-ubyte.gz" ] || { echo "Fashion-MNIST missing: scripts/setup-system.sh" >&2; exit 2; }

if [ "$BUILD" = 1 ]; then
  echo "building the CLI (package, no tests)..." >&2
  ./mvnw -q -B -ntp -DskipTests -Dspotless.apply.skip=true -pl cli -am package >/dev/null
fi

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap "exit 130" INT TERM
python3 scripts/bench_spark_images.py "$DATA" "$WORK/images" "$IMAGES"
SMALL=$((IMAGES / 10))
mkdir -p "$WORK/small"
python3 scripts/bench_spark_images.py "$DATA" "$WORK/small" "$SMALL"
echo "$IMAGES and $SMALL PNGs in $WORK; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
job_seconds() { awk '/^INPUTS/ { getline; print $5 }' "$1"; }

classify() { # dir threads
  local t0 t1; t0=$(now)
  ./mcdrop classify "$1" --json --samples "$SAMPLES" --threads "$2" >"$WORK/classify.json" 2>"$WORK/classify.err" \
    || { cat "$WORK/classify.err" >&2; exit 1; }
  t1=$(now); calc "$t1 - $t0"
}
batch() { # dir master threads-per-task log
  local t0 t1; rm -rf "$WORK/out"; t0=$(now)
  MCDROP_JAVA_OPTS="${BATCH_JAVA_OPTS:-${MCDROP_JAVA_OPTS:-}}" \
    ./mcdrop batch "$1" --out "$WORK/out" --master "$2" --samples "$SAMPLES" --threads "$3" >"$4" 2>&1 \
    || { cat "$4" >&2; exit 1; }
  t1=$(now); calc "$t1 - $t0"
}

if [ "$PART" != cluster ]; then
  batch "$WORK/small" "local[1]" 1 "$WORK/warm.log" >/dev/null   # records the start-up cache
  printf '\nLocal mode, samples=%s, %s and %s images (seconds, wall, as the shell sees it):\n\n' "$SAMPLES" "$IMAGES" "$SMALL"
  printf '| round | threads | classify %s | classify %s | batch %s | (job-only) | batch %s |\n|---|---|---:|---:|---:|---:|---:|\n' \
    "$IMAGES" "$SMALL" "$IMAGES" "$SMALL"
  declare -A CB CS BB BS BJ
  for r in $(seq 1 "$ROUNDS"); do
    for t in $THREADS; do
      cb=$(classify "$WORK/images" "$t"); cs=$(classify "$WORK/small" "$t")
      bb=$(batch "$WORK/images" "local[$t]" 1 "$WORK/batch.log"); bj=$(job_seconds "$WORK/batch.log")
      bs=$(batch "$WORK/small" "local[$t]" 1 "$WORK/batch-small.log")
      CB[$t]+=" $cb"; CS[$t]+=" $cs"; BB[$t]+=" $bb"; BS[$t]+=" $bs"; BJ[$t]+=" $bj"
      printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$r" "$t" "$cb" "$cs" "$bb" "$bj" "$bs"
    done
  done
  t=$(echo "$THREADS" | awk '{ print $NF }')
  nocds=$(MCDROP_CDS=0 batch "$WORK/images" "local[$t]" 1 "$WORK/batch-nocds.log")
  printf '| - | %s | | | %s without the start-up cache | %s | |\n' "$t" "$nocds" "$(job_seconds "$WORK/batch-nocds.log")"

  printf '\nMedians; start-up = intercept, per image = slope between %s and %s images:\n\n' "$SMALL" "$IMAGES"
  printf '| threads | side | wall %s s | img/s (wall) | start-up s | per image ms | steady img/s |\n|---|---|---:|---:|---:|---:|---:|\n' "$IMAGES"
  for t in $THREADS; do
    cb=$(echo "${CB[$t]}" | median); cs=$(echo "${CS[$t]}" | median)
    bb=$(echo "${BB[$t]}" | median); bs=$(echo "${BS[$t]}" | median)
    sc=$(calc "($cb - $cs) / ($IMAGES - $SMALL)" 9); sb=$(calc "($bb - $bs) / ($IMAGES - $SMALL)" 9)
    ac=$(calc "$cs - $SMALL * $sc"); ab=$(calc "$bs - $SMALL * $sb")
    printf '| %s | classify --json | %s | %s | %s | %s | %s |\n' "$t" "$cb" "$(calc "$IMAGES / $cb" 0)" "$ac" "$(calc "$sc * 1000" 3)" "$(calc "1 / $sc" 0)"
    printf '| %s | batch local[%s] | %s | %s | %s | %s | %s |\n' "$t" "$t" "$bb" "$(calc "$IMAGES / $bb" 0)" "$ab" "$(calc "$sb * 1000" 3)" "$(calc "1 / $sb" 0)"
    over=$(calc "($sb / $sc - 1) * 100" 1); wall=$(calc "($bb / $cb - 1) * 100" 1)
    even=$(awk -v ab="$ab" -v ac="$ac" -v sb="$sb" -v sc="$sc" 'BEGIN { d = 1.15 * sc - sb; if (d <= 0) print "never"; else { n = (ab - 1.15 * ac) / d; print (n < 0 ? 0 : int(n + 0.5)) } }')
    echo "threads $t: Spark's overhead per image (steady state) ${over} %; on the whole ${IMAGES}-image run ${wall} %; whole-run overhead <= 15 % from about $even images"
  done
  echo
fi

if [ "$PART" != local ]; then
  # Standalone cluster: Spark's own Master and Workers from the dependency jars (no installation):
  # SPARK_HOME = a folder with jars/ (links) and an empty RELEASE file.
  SPARK_HOME="$WORK/spark-home"; mkdir -p "$SPARK_HOME/jars"; : >"$SPARK_HOME/RELEASE"
  i=0
  for j in $(tr ':' ' ' <modules/spark/target/spark-classpath.txt); do
    case "$j" in *.jar) i=$((i + 1)); ln -s "$j" "$SPARK_HOME/jars/$i-$(basename "$j")";; esac
  done
  export SPARK_HOME SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
  OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
  free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
  spark_class() { # log class args...
    local log="$1"; shift
    # shellcheck disable=SC2086
    java -Xmx256m $OPENS -cp "$SPARK_HOME/jars/*" "$@" >"$log" 2>&1 &
    PIDS+=($!)
  }
  PORT=$(free_port); UI=$(free_port)
  spark_class "$WORK/master.log" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" --webui-port "$UI"
  await_workers() { # the master's own count of live workers, polled (bounded: 5 minutes)
    for _ in $(seq 1 600); do
      if curl -s "http://127.0.0.1:$UI/json/" 2>/dev/null | grep -q "\"aliveworkers\" *: *$1\b"; then return 0; fi
      sleep 0.5
    done
    echo "workers did not register; logs in $WORK" >&2; exit 1
  }
  printf '\nStandalone cluster on this machine (%s images, samples=%s, 1 thread per task):\n\n' "$IMAGES" "$SAMPLES"
  printf '| workers (1 core each) | round | partitions | batch wall s (img/s) | job-only s | job-only img/s |\n|---|---|---:|---:|---:|---:|\n'
  declare -A JOB
  for w in 1 2; do
    mkdir -p "$WORK/worker-$w"
    spark_class "$WORK/worker-$w.log" org.apache.spark.deploy.worker.Worker "spark://127.0.0.1:$PORT" \
      --host 127.0.0.1 --cores 1 --memory 1500m --webui-port "$(free_port)" --work-dir "$WORK/worker-$w"
    await_workers "$w"
    for r in $(seq 1 "$ROUNDS"); do
      b=$(batch "$WORK/images" "spark://127.0.0.1:$PORT" 1 "$WORK/cluster.log")
      j=$(job_seconds "$WORK/cluster.log")
      p=$(awk '/^INPUTS/ { getline; print $4 }' "$WORK/cluster.log")
      JOB[$w]+=" $j"
      printf '| %s | %s | %s | %s (%s) | %s | %s |\n' "$w" "$r" "$p" "$b" "$(calc "$IMAGES / $b" 0)" "$j" "$(calc "$IMAGES / $j" 0)"
    done
  done
  j1=$(echo "${JOB[1]}" | median); j2=$(echo "${JOB[2]}" | median)
  echo "two workers vs one (median job-only time): $(calc "$j1 / $j2") x"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
