#!/usr/bin/env bash
# Spark batch scoring benchmark (a script, not a test): images/s of `mcdrop batch` in local mode
# against `mcdrop classify --json` on the same images in one process with the same threads, then a
# standalone cluster on this machine with one worker and with two (one core each).
#
#   scripts/bench-spark.sh [--images N] [--samples T] [--rounds R]
#
# Wall time includes each JVM's start (and Spark's), as a user sees it; the job-only time of
# `mcdrop batch` (its summary's SECONDS) is printed too. Fashion-MNIST test images (the 10,000
# repeat past 10,000) are written as PNGs to a temporary folder first.
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HOME_DIR"
IMAGES=20000; SAMPLES=30; ROUNDS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --images) IMAGES="$2"; shift 2;;
    --samples) SAMPLES="$2"; shift 2;;
    --rounds) ROUNDS="$2"; shift 2;;
    *) echo "usage: $0 [--images N] [--samples T] [--rounds R]" >&2; exit 2;;
  esac
done
DATA=/usr/share/datasets/fashion-mnist
[ -f "$DATA/t10k-images-idx3-ubyte.gz" ] || { echo "Fashion-MNIST missing: scripts/setup-system.sh" >&2; exit 2; }

echo "building the CLI (package, no tests)..." >&2
./mvnw -q -B -ntp -DskipTests -Dspotless.apply.skip=true -pl cli -am package >/dev/null

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap "exit 130" INT TERM
python3 scripts/bench_spark_images.py "$DATA" "$WORK/images" "$IMAGES"
echo "$IMAGES PNGs in $WORK/images; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

now() { date +%s.%N; }
rate() { awk -v n="$IMAGES" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }
job_seconds() { awk '/^INPUTS/ { getline; print $5 }' "$1"; }

classify() { # threads
  local t0 t1; t0=$(now)
  ./mcdrop classify "$WORK/images" --json --samples "$SAMPLES" --threads "$1" >"$WORK/classify.json" 2>/dev/null
  t1=$(now); awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'
}
batch() { # master threads-per-task log
  local t0 t1; rm -rf "$WORK/out"; t0=$(now)
  ./mcdrop batch "$WORK/images" --out "$WORK/out" --master "$1" --samples "$SAMPLES" --threads "$2" >"$3" 2>&1 \
    || { cat "$3" >&2; exit 1; }
  t1=$(now); awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'
}

printf '\n| round | threads | classify --json s (img/s) | batch local s (img/s) | batch job-only s | batch ÷ classify wall |\n|---|---|---:|---:|---:|---:|\n'
for r in $(seq 1 "$ROUNDS"); do
  for cfg in "1 local[1] 1" "2 local[2] 1"; do
    set -- $cfg
    c=$(classify "$1")
    b=$(batch "$2" "$3" "$WORK/batch.log")
    j=$(job_seconds "$WORK/batch.log")
    printf '| %s | %s (%s) | %.1f (%s) | %.1f (%s) | %s | %.2f |\n' "$r" "$1" "$2, $3/task" "$c" "$(rate "$c")" "$b" "$(rate "$b")" "$j" \
      "$(awk -v a="$b" -v b="$c" 'BEGIN { print a / b }')"
  done
done

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
await_workers() {
  for _ in $(seq 1 600); do
    if curl -s "http://127.0.0.1:$UI/json/" 2>/dev/null | grep -q "\"aliveworkers\" *: *$1\b"; then return 0; fi
    sleep 0.5
  done
  echo "workers did not register; logs in $WORK" >&2; exit 1
}
printf '\n| workers (1 core each) | batch s (img/s) | job-only s | job-only img/s | speed-up vs 1 worker (job-only) |\n|---|---:|---:|---:|---:|\n'
ONE=""
for w in 1 2; do
  mkdir -p "$WORK/worker-$w"
  spark_class "$WORK/worker-$w.log" org.apache.spark.deploy.worker.Worker "spark://127.0.0.1:$PORT" \
    --host 127.0.0.1 --cores 1 --memory 1500m --webui-port "$(free_port)" --work-dir "$WORK/worker-$w"
  await_workers "$w"
  b=$(batch "spark://127.0.0.1:$PORT" 1 "$WORK/cluster.log")
  j=$(job_seconds "$WORK/cluster.log")
  [ -z "$ONE" ] && ONE="$j"
  printf '| %s | %.1f (%s) | %s | %s | %.2f |\n' "$w" "$b" "$(rate "$b")" "$j" "$(rate "$j")" \
    "$(awk -v a="$ONE" -v b="$j" 'BEGIN { print a / b }')"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
