#!/usr/bin/env bash
# Load test of the prediction server (not a timed test). The "classify" part: wrk against
# POST /api/v1/models/M/classify (a PNG body) and POST /api/v1/models/M/predict (the same model's
# input as a JSON tensor, 784 floats), samples=30, at concurrency 1, 8 and 32, on two servers side
# by side, dynamic batching on (max batch 32) and off (max batch 1), measured A B B A, next
# to the in-process engine doing the same work on as many threads (PNG: decode + predict; JSON:
# predict), before and after the servers run. It ends with the goals of issue 14 as ratios:
# server / in-process, batching / no batching, p99 / p50. Uses models/fashion-cnn.onnx when
# present, else a stand-in with its architecture and random weights (and says so).
#
#   scripts/bench-server.sh [MODEL.onnx]      env: BENCH_SECONDS (default 20), BENCH_SAMPLES (30),
#                                             BENCH_PARTS (classify,protocols: both by default),
#                                             BENCH_BUILD (1: build first; 0: use the last build;
#                                             only: build and stop), BENCH_SERVER_JAVA_OPTS
#                                             (JVM options of the two servers, e.g. a
#                                             garbage collector), BENCH_BODIES ("png json"),
#                                             BENCH_CONCURRENCY ("1 8 32": a subset for short
#                                             runs; the goals table then shows "-" elsewhere)
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
# BENCH_BUILD=0 skips it (build first with BENCH_BUILD=only, e.g. while the machine is shared).
BUILD="${BENCH_BUILD:-1}"
if [ "$BUILD" != 0 ]; then
  ./mvnw -q -B -ntp -pl server -am package -DskipTests -Dspotless.apply.skip=true \
    dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
  [ "$BUILD" = only ] && exit 0
fi
[ -f server/target/bench-classpath.txt ] || { echo "bench-server: no build; run with BENCH_BUILD=1" >&2; exit 2; }
CP="server/target/test-classes:server/target/classes:$(cat server/target/bench-classpath.txt)"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill $SERVER_PID 2>/dev/null || true; wait $SERVER_PID 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
JAVA=(java -Xss8m -cp "$CP" io.mcdrop.server.bench.BenchMain)
# The servers' JVM: the same, plus BENCH_SERVER_JAVA_OPTS (word-split on purpose).
# shellcheck disable=SC2206
SJAVA=(java -Xss8m ${BENCH_SERVER_JAVA_OPTS:-} -cp "$CP" io.mcdrop.server.bench.BenchMain)
BODIES="${BENCH_BODIES:-png json}"
CONCS="${BENCH_CONCURRENCY:-1 8 32}"

"${JAVA[@]}" prepare "$WORK" "$MODEL_FILE" > "$WORK/prepare.txt"
MODEL="$(awk '/^MODEL/{print $2}' "$WORK/prepare.txt")"
NOTE="$(sed -n 's/^NOTE //p' "$WORK/prepare.txt")"
STRATEGY="$(awk '/^STRATEGY/{print $2}' "$WORK/prepare.txt")"
sed -i "s/^{/{\"samples\":$SAMPLES,/" "$WORK/predict.json" # the /predict body carries its options

for body in png json; do
  ctype="image/png" file="$WORK/image.png"
  [ "$body" = json ] && ctype="application/json" file="$WORK/predict.json"
  cat > "$WORK/$body.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "$ctype"
local f = io.open("$file", "rb")
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
echo "# model: $MODEL ($NOTE), strategy $STRATEGY, samples=$SAMPLES, ${SECS}s per run, $(nproc) cores" >&2
ROWS="$WORK/rows.txt"
: > "$ROWS"
engine_runs() { # the in-process engine at the same concurrencies as the server runs
  for body in $BODIES; do
    local input="$WORK/image.png"
    [ "$body" = json ] && input=tensor
    for t in $CONCS; do
      line="$("${JAVA[@]}" engine "$WORK/models/$MODEL.onnx" "$input" "$SAMPLES" "$t" "$SECS" | grep '^ENGINE')"
      echo "$line body=$body when=$1" | tee -a "$ROWS" >&2
    done
  done
}

metric() { # sum and count of the batch-size summary of the server on port $1
  curl -s "http://127.0.0.1:$1/prometheus" | awk -v m="$MODEL" '
    $0 ~ "^mcdrop_batch_size_sum\\{model=\"" m "\"" {s=$2}
    $0 ~ "^mcdrop_batch_size_count\\{model=\"" m "\"" {c=$2}
    END {printf "%s %s\n", (s==""?0:s), (c==""?0:c)}'
}

classify_rows() {
  engine_runs before
  # Two servers side by side (dynamic batching on, max batch 32; off, max batch 1), measured in
  # alternation, so that the load of whatever else runs on the machine hits both alike.
  declare -A PORTS=([32]="$PORT" [1]="$((PORT + 1))")
  local pids=()
  for batch in 32 1; do
    "${SJAVA[@]}" serve "$WORK/models" "${PORTS[$batch]}" "$batch" > "$WORK/server-$batch.out" 2> "$WORK/server-$batch.err" &
    pids+=($!)
  done
  SERVER_PID="${pids[*]}"
  for batch in 32 1; do
    for _ in $(seq 1 120); do grep -q '^READY' "$WORK/server-$batch.out" && break; sleep 0.5; done
    grep -q '^READY' "$WORK/server-$batch.out" || { cat "$WORK/server-$batch.err" >&2; exit 1; }
  done
  declare -A PATHS=([png]="/api/v1/models/$MODEL/classify?samples=$SAMPLES"
    [json]="/api/v1/models/$MODEL/predict")
  for body in $BODIES; do # warm-up
    for batch in 32 1; do
      wrk -t 2 -c 8 -d 5s -s "$WORK/$body.lua" "http://127.0.0.1:${PORTS[$batch]}${PATHS[$body]}" > /dev/null
    done
  done
  # Each (body, concurrency) is measured A B B A in half-length runs (A = batching, B = none), so
  # that a drift in the machine's speed hits both alike; the halves are summed (req/s) or averaged
  # (percentiles).
  local half=$(( SECS / 2 > 0 ? SECS / 2 : 1 ))
  for body in $BODIES; do
    for c in $CONCS; do
      declare -A REQ=() ERR=() P50=() P99=() BSUM=() BCNT=()
      for batch in 32 1 1 32; do
        port="${PORTS[$batch]}"
        read -r s0 c0 < <(metric "$port")
        threads=$(( c < 2 ? 1 : 2 ))
        out="$(wrk -t "$threads" -c "$c" -d "${half}s" --timeout 10s -s "$WORK/$body.lua" "http://127.0.0.1:$port${PATHS[$body]}")"
        read -r s1 c1 < <(metric "$port")
        read -r n e _ p50 p99 < <(echo "$out" | awk '/^RESULT/{print $2, $3, $4, $5, $6}')
        REQ[$batch]=$(( ${REQ[$batch]:-0} + n )); ERR[$batch]=$(( ${ERR[$batch]:-0} + e ))
        P50[$batch]="${P50[$batch]:-} $p50"; P99[$batch]="${P99[$batch]:-} $p99"
        BSUM[$batch]="$(awk -v a="${BSUM[$batch]:-0}" -v x="$s0" -v y="$s1" 'BEGIN{print a + y - x}')"
        BCNT[$batch]="$(awk -v a="${BCNT[$batch]:-0}" -v x="$c0" -v y="$c1" 'BEGIN{print a + y - x}')"
      done
      for batch in 32 1; do
        echo "SERVER body=$body max_batch=$batch threads=$c requests=${REQ[$batch]} errors=${ERR[$batch]} $(awk -v n="${REQ[$batch]}" -v t="$((2 * half))" -v p50="${P50[$batch]}" -v p99="${P99[$batch]}" -v bs="${BSUM[$batch]}" -v bc="${BCNT[$batch]}" 'BEGIN{
          split(p50, a, " "); split(p99, b, " ");
          printf "rps=%.1f p50_ms=%.3f p99_ms=%.3f mean_batch=%s", n / t, (a[1] + a[2]) / 2, (b[1] + b[2]) / 2, (bc > 0 ? sprintf("%.2f", bs / bc) : "-") }')" | tee -a "$ROWS" >&2
      done
      unset REQ ERR P50 P99 BSUM BCNT
    done
  done
  kill ${pids[*]}; wait ${pids[*]} 2>/dev/null || true; SERVER_PID=""
  engine_runs after

  echo "Model: \`$MODEL\` ($NOTE); MC strategy \`$STRATEGY\`; \`samples=$SAMPLES\`; ${SECS} s per run; $(nproc) cores; load before the run $LOAD0; server JVM options: ${BENCH_SERVER_JAVA_OPTS:-(none, G1 default)}; $(date -u +%Y-%m-%d)."
  echo
  /usr/bin/python3 - "$ROWS" <<'PY'
import sys
rows = []
for line in open(sys.argv[1]):
    kind, *kv = line.split()
    d = dict(x.split("=", 1) for x in kv)
    d["kind"] = kind
    rows.append(d)
def num(x):
    return float(x) if x not in ("", "-") else float("nan")
best = {}
for r in rows:
    if r["kind"] == "ENGINE":
        k = (r["body"], r["threads"])
        best[k] = max(best.get(k, 0.0), num(r["rps"]))
names = {"png": "PNG /classify", "json": "JSON /predict"}
print("| body | setup | concurrency | requests | errors | req/s | p50 ms | p99 ms | p99/p50 | mean batch | vs in-process |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    b, c = r["body"], r["threads"]
    if r["kind"] == "ENGINE":
        setup = "in-process engine (" + r["when"] + ")"
        vs = "-"
        mb = "-"
    else:
        setup = "server, dynamic batching (max 32)" if r["max_batch"] != "1" else "server, no batching (max 1)"
        vs = "%.0f %%" % (100 * num(r["rps"]) / best[(b, c)])
        mb = r["mean_batch"]
    print("| %s | %s | %s | %s | %s | %s | %s | %s | %.1f | %s | %s |" % (
        names[b], setup, c, r["requests"], r.get("errors", "0"), r["rps"], r["p50_ms"],
        r["p99_ms"], num(r["p99_ms"]) / num(r["p50_ms"]), mb, vs))
srv = {(r["body"], r["max_batch"], r["threads"]): r for r in rows if r["kind"] == "SERVER"}
print()
print("Goals (issue 14), from the rows above:")
print()
print("| goal | body | c=1 | c=8 | c=32 | met |")
print("|---|---|---|---|---|---|")
nan = float("nan")
def get(b, batch, c, key):
    r = srv.get((b, batch, c))
    return num(r[key]) if r else nan
def pct(v):
    return "-" if v != v else "%.0f %%" % (100 * v)
def fix(v, fmt):
    return "-" if v != v else fmt % v
def met(ok, vals):
    return "-" if any(v != v for v in vals) else ("yes" if ok else "no")
bodies = [b for b in ("png", "json") if any(k[0] == b for k in srv)]
for b in bodies:
    # The server as deployed (batching on) against the best in-process figure.
    vs = [get(b, "32", c, "rps") / best.get((b, c), nan) for c in ("1", "8", "32")]
    ok = vs[0] >= 0.5 and vs[1] >= 0.8 and vs[2] >= 0.8
    print("| server (batching) / in-process: >= 50 %% at c=1, >= 80 %% at c>=8 | %s | %s | %s | %s | %s |"
          % (names[b], pct(vs[0]), pct(vs[1]), pct(vs[2]), met(ok, vs)))
for b in bodies:
    ab = [get(b, "32", c, "rps") / get(b, "1", c, "rps") for c in ("1", "8", "32")]
    # "never slower": within 3 %, the run-to-run noise of one 2-core machine, at c=1 and c=8
    ok = min(ab) >= 0.97 and ab[2] >= 1.2
    print("| batching / no batching: never slower, >= 1.20 at c=32 | %s | %s | %s | %s | %s |"
          % (names[b], fix(ab[0], "%.2f"), fix(ab[1], "%.2f"), fix(ab[2], "%.2f"), met(ok, ab)))
for b in bodies:
    t = [get(b, "32", c, "p99_ms") / get(b, "32", c, "p50_ms") for c in ("1", "8", "32")]
    print("| p99 / p50 (batching): <= 3 at c=8 | %s | %s | %s | %s | %s |"
          % (names[b], fix(t[0], "%.1f"), fix(t[1], "%.1f"), fix(t[2], "%.1f"), met(t[1] <= 3, [t[1]])))
errs = sum(int(r.get("errors", "0")) for r in rows if r["kind"] == "SERVER")
total = sum(int(r["requests"]) for r in rows if r["kind"] == "SERVER")
print()
print("Errors (non-2xx, timeouts, socket errors): %d in %d server requests." % (errs, total))
PY
}

PJAVA=(java -Xss8m -cp "$CP" io.mcdrop.server.bench.ProtocolBench)
LOAD0="$(cut -d' ' -f1 /proc/loadavg)"
if [[ ",$PARTS," == *,classify,* ]]; then classify_rows; fi
if [[ ",$PARTS," == *,protocols,* ]]; then protocol_rows; fi
