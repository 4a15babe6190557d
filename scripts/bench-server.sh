#!/usr/bin/env bash
# Load test of the prediction server (not a timed test): wrk against POST /api/v1/models/M/classify
# (a PNG body, samples=30) at concurrency 1, 8 and 32, with dynamic batching on (max batch 32) and
# off (max batch 1), next to the in-process engine doing the same work (decode + predict) on as
# many threads, before and after the server runs. Uses models/fashion-cnn.onnx when present, else a stand-in with its architecture and
# random weights (and says so).
#
#   scripts/bench-server.sh [MODEL.onnx]      env: BENCH_SECONDS (default 20), BENCH_SAMPLES (30),
#                                             BENCH_PARTS (classify,protocols: both by default)
#
# The "protocols" part (issue 12/14) serves one network, exported from PyTorch
# (scripts/flask_mc_peer.py export), and measures the same MC request (one 1x28x28 FP32 tensor,
# mc_samples=SAMPLES, outputs probabilities/std/entropy/mutual_information) over REST JSON, REST
# with the binary tensor data extension and gRPC (raw contents) at concurrency 1, 8 and 32, next
# to the in-process engine on the same tensor (the ceiling) and to a Flask + gunicorn + PyTorch
# server doing the same MC work on the same weights with the same JSON body (the peer).
#
# Needs wrk, python3-torch, python3-flask and gunicorn (Debian; installed through
# scripts/setup-system.sh). Traffic goes to 127.0.0.1 only; every run is bounded in time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECS="${BENCH_SECONDS:-20}"
SAMPLES="${BENCH_SAMPLES:-30}"
MODEL_FILE="${1:-models/fashion-cnn.onnx}"
PORT="${BENCH_PORT:-18181}"
PARTS="${BENCH_PARTS:-classify,protocols}"
"$(dirname "$0")/setup-system.sh" wrk python3-torch python3-flask gunicorn
command -v wrk >/dev/null || { echo "bench-server: needs wrk (apt-get install wrk)" >&2; exit 2; }

# Build in the reactor (no install into the shared local repository) and take the test class path.
./mvnw -q -B -pl server -am package -DskipTests -Dspotless.apply.skip=true \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
CP="server/target/test-classes:server/target/classes:$(cat server/target/bench-classpath.txt)"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill $SERVER_PID 2>/dev/null || true; wait $SERVER_PID 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
JAVA=(java -Xss8m -cp "$CP" io.mcdrop.server.bench.BenchMain)

"${JAVA[@]}" prepare "$WORK" "$MODEL_FILE" > "$WORK/prepare.txt"
MODEL="$(awk '/^MODEL/{print $2}' "$WORK/prepare.txt")"
NOTE="$(sed -n 's/^NOTE //p' "$WORK/prepare.txt")"
STRATEGY="$(awk '/^STRATEGY/{print $2}' "$WORK/prepare.txt")"

cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "image/png"
local f = io.open("$WORK/image.png", "rb")
wrk.body = f:read("*all")
f:close()
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout + summary.errors.status
  io.write(string.format("RESULT %d %d %.1f %.3f %.3f\n", summary.requests, errors,
      summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA

protocol_rows() {
  local dir="$WORK/protocols" port=$((PORT + 10)) gport=$((PORT + 11)) fport=$((PORT + 12))
  mkdir -p "$dir/models"
  /usr/bin/python3 scripts/flask_mc_peer.py export "$dir/models" 2>/dev/null
  "${PJAVA[@]}" bodies "$dir" "$SAMPLES"
  local hlen; hlen="$(cat "$dir/v2.bin.header")"
  for kind in json bin; do
    local ctype="application/json" extra=""
    [ "$kind" = bin ] && ctype="application/octet-stream" && extra="wrk.headers[\"Inference-Header-Content-Length\"] = \"$hlen\""
    cat > "$dir/$kind.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "$ctype"
$extra
local f = io.open("$dir/v2.$kind", "rb")
wrk.body = f:read("*all")
f:close()
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout + summary.errors.status
  io.write(string.format("RESULT %d %d %.1f %.3f %.3f\n", summary.requests, errors,
      summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
  done
  "${JAVA[@]}" serve "$dir/models" "$port" 32 "$gport" > "$dir/server.out" 2> "$dir/server.err" &
  local spid=$!
  MCDROP_PEER_SEED=7 gunicorn -w "$(nproc)" -b "127.0.0.1:$fport" --chdir scripts \
    --log-level warning flask_mc_peer:app > "$dir/flask.log" 2>&1 &
  local fpid=$!
  SERVER_PID="$spid $fpid"
  for _ in $(seq 1 120); do grep -q '^READY' "$dir/server.out" && break; sleep 0.5; done
  grep -q '^READY' "$dir/server.out" || { cat "$dir/server.err" >&2; exit 1; }
  for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$fport/" && break; sleep 0.5; done
  local url="/v2/models/bench_a/infer" rows=()
  # Warm-up of every path.
  wrk -t 1 -c 4 -d 3s -s "$dir/json.lua" "http://127.0.0.1:$port$url" > /dev/null
  wrk -t 1 -c 4 -d 3s -s "$dir/bin.lua" "http://127.0.0.1:$port$url" > /dev/null
  wrk -t 1 -c 4 -d 3s -s "$dir/json.lua" "http://127.0.0.1:$fport$url" > /dev/null
  "${PJAVA[@]}" grpc "$gport" bench_a "$SAMPLES" 4 3 > /dev/null
  for c in 1 8 32; do
    local threads=$(( c < 2 ? 1 : 2 ))
    rows+=("in-process engine (same tensor) $c $("${PJAVA[@]}" engine "$dir/models/bench_a.onnx" "$SAMPLES" "$c" "$SECS" | awk '/^ENGINE/{for(i=2;i<=NF;i++){split($i,kv,"="); v[kv[1]]=kv[2]}; print v["requests"], 0, v["rps"], v["p50_ms"], v["p99_ms"]}')")
    rows+=("mcdrop REST JSON $c $(wrk -t "$threads" -c "$c" -d "${SECS}s" --timeout 10s -s "$dir/json.lua" "http://127.0.0.1:$port$url" | awk '/^RESULT/{print $2, $3, $4, $5, $6}')")
    rows+=("mcdrop REST binary $c $(wrk -t "$threads" -c "$c" -d "${SECS}s" --timeout 10s -s "$dir/bin.lua" "http://127.0.0.1:$port$url" | awk '/^RESULT/{print $2, $3, $4, $5, $6}')")
    rows+=("mcdrop gRPC $c $("${PJAVA[@]}" grpc "$gport" bench_a "$SAMPLES" "$c" "$SECS" | awk '/^RESULT/{print $2, $3, $4, $5, $6}')")
    rows+=("Flask+gunicorn+PyTorch $c $(wrk -t "$threads" -c "$c" -d "${SECS}s" --timeout 30s -s "$dir/json.lua" "http://127.0.0.1:$fport$url" | awk '/^RESULT/{print $2, $3, $4, $5, $6}')")
    printf '%s\n' "${rows[@]: -5}" >&2
  done
  kill $spid $fpid; wait $spid $fpid 2>/dev/null || true; SERVER_PID=""
  echo
  echo "Protocols: \`bench_a\` (conv32-conv64-fc128-dropout 0.5-fc10, exported from PyTorch, the peer's own weights); \`mc_samples=$SAMPLES\`; ${SECS} s per run; $(nproc) cores; $(date -u +%Y-%m-%d)."
  echo
  echo "| setup | concurrency | requests | errors | req/s | p50 ms | p99 ms | vs in-process | vs Flask peer |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}" | awk '
    { n=NF; c=$(n-5); rps=$(n-2); label=""; for(i=1;i<n-5;i++) label=label (i>1?" ":"") $i;
      key[NR]=label; conc[NR]=c; line[NR]=$0; r[NR]=rps; req[NR]=$(n-4); err[NR]=$(n-3); p50[NR]=$(n-1); p99[NR]=$n;
      if (label ~ /^in-process/) eng[c]=rps; if (label ~ /^Flask/) peer[c]=rps }
    END { for(i=1;i<=NR;i++) printf "| %s | %s | %s | %s | %s | %s | %s | %.0f %% | %.1fx |\n", key[i], conc[i], req[i], err[i], r[i], p50[i], p99[i], 100*r[i]/eng[conc[i]], r[i]/peer[conc[i]] }'
}
PJAVA=(java -Xss8m -cp "$CP" io.mcdrop.server.bench.ProtocolBench)
if [ "$PARTS" = protocols ]; then protocol_rows; exit 0; fi

echo "# model: $MODEL ($NOTE), strategy $STRATEGY, samples=$SAMPLES, ${SECS}s per run, $(nproc) cores" >&2
ENGINE_ROWS=()
engine_runs() { # the in-process engine at the same concurrencies as the server runs
  for t in 1 8 32; do
    line="$("${JAVA[@]}" engine "$WORK/models/$MODEL.onnx" "$WORK/image.png" "$SAMPLES" "$t" "$SECS" | grep '^ENGINE')"
    echo "$line ($1)" >&2
    ENGINE_ROWS+=("$line when=$1")
  done
}

metric() { # sum and count of the batch-size summary of the server on port $1
  curl -s "http://127.0.0.1:$1/prometheus" | awk -v m="$MODEL" '
    $0 ~ "^mcdrop_batch_size_sum\\{model=\"" m "\"" {s=$2}
    $0 ~ "^mcdrop_batch_size_count\\{model=\"" m "\"" {c=$2}
    END {printf "%s %s\n", (s==""?0:s), (c==""?0:c)}'
}

engine_runs before
# Two servers side by side (dynamic batching on, max batch 32; off, max batch 1), measured in
# alternation, so that the load of whatever else runs on the machine hits both alike.
declare -A PORTS=([32]="$PORT" [1]="$((PORT + 1))")
PIDS=()
for batch in 32 1; do
  "${JAVA[@]}" serve "$WORK/models" "${PORTS[$batch]}" "$batch" > "$WORK/server-$batch.out" 2> "$WORK/server-$batch.err" &
  PIDS+=($!)
done
SERVER_PID="${PIDS[*]}"
for batch in 32 1; do
  for _ in $(seq 1 120); do grep -q '^READY' "$WORK/server-$batch.out" && break; sleep 0.5; done
  grep -q '^READY' "$WORK/server-$batch.out" || { cat "$WORK/server-$batch.err" >&2; exit 1; }
done
URL_PATH="/api/v1/models/$MODEL/classify?samples=$SAMPLES"
for batch in 32 1; do # warm-up
  wrk -t 2 -c 8 -d 5s -s "$WORK/post.lua" "http://127.0.0.1:${PORTS[$batch]}$URL_PATH" > /dev/null
done
SERVER_ROWS=()
for c in 1 8 32; do
  for batch in 32 1; do
    port="${PORTS[$batch]}"
    read -r s0 c0 < <(metric "$port")
    threads=$(( c < 2 ? 1 : 2 ))
    out="$(wrk -t "$threads" -c "$c" -d "${SECS}s" --timeout 10s -s "$WORK/post.lua" "http://127.0.0.1:$port$URL_PATH")"
    read -r s1 c1 < <(metric "$port")
    res="$(echo "$out" | awk '/^RESULT/{print $2, $3, $4, $5, $6}')"
    mean_batch="$(awk -v a="$s0" -v b="$s1" -v x="$c0" -v y="$c1" 'BEGIN{ if (y-x>0) printf "%.2f", (b-a)/(y-x); else print "-" }')"
    line="SERVER max_batch=$batch c=$c $res mean_batch=$mean_batch"
    echo "$line" >&2
    SERVER_ROWS+=("$line")
  done
done
kill ${PIDS[*]}; wait ${PIDS[*]} 2>/dev/null || true; SERVER_PID=""
engine_runs after

# Markdown for docs/benchmarks-server.md
best_engine() { # best in-process req/s at concurrency $1 (before or after the server runs)
  printf '%s\n' "${ENGINE_ROWS[@]}" | awk -v t="threads=$1" '$2==t' | sed -n 's/.*rps=\([0-9.]*\).*/\1/p' | sort -g | tail -1
}
echo "Model: \`$MODEL\` ($NOTE); MC strategy \`$STRATEGY\`; \`samples=$SAMPLES\`; ${SECS} s per run; $(nproc) cores; $(date -u +%Y-%m-%d)."
echo
echo "| setup | concurrency | requests | errors | req/s | p50 ms | p99 ms | p99/p50 | mean batch | vs in-process |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for l in "${ENGINE_ROWS[@]}"; do
  echo "$l" | awk '{for(i=2;i<=NF;i++){split($i,kv,"="); v[kv[1]]=kv[2]}
    printf "| in-process engine (%s) | %s threads | %s | 0 | %s | %s | %s | %.1f | - | - |\n", v["when"], v["threads"], v["requests"], v["rps"], v["p50_ms"], v["p99_ms"], v["p99_ms"]/v["p50_ms"]}'
done
for l in "${SERVER_ROWS[@]}"; do
  conc="$(echo "$l" | awk '{split($3,c,"="); print c[2]}')"
  echo "$l" | awk -v best="$(best_engine "$conc")" '{split($2,b,"="); split($3,c,"="); split($9,m,"=");
    label = (b[2] > 1 ? "server, dynamic batching (max " b[2] ")" : "server, no batching (max 1)");
    printf "| %s | %s | %s | %s | %s | %s | %s | %.1f | %s | %.0f %% |\n", label, c[2], $4, $5, $6, $7, $8, $8/$7, m[2], 100*$6/best}'
done
if [[ ",$PARTS," == *,protocols,* ]]; then protocol_rows; fi
