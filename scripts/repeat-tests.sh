#!/usr/bin/env bash
# Runs the server and CLI test suites N times and prints every test that failed at least once,
# with how often. A flaky test shows up here even when most runs are green.
#
#   scripts/repeat-tests.sh N [extra Maven arguments, e.g. -Dgroups='!e2e']
#
# Each run is `./mvnw -B -ntp -pl server,cli -am verify` limited to the server's and the CLI's
# tests (the modules they depend on are built but their own tests are not re-run); the surefire
# reports of every run are kept under target/repeat-tests/run-<i>/ and the Maven log beside them.
# Exit status: 0 when every run passed, 1 otherwise.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ $# -lt 1 || ! "$1" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/repeat-tests.sh N [maven args...]   (N >= 1 runs)" >&2
  exit 2
fi
runs=$1
shift

out=target/repeat-tests
rm -rf "$out"
mkdir -p "$out"
tests='io/mcdrop/server/**/*Test,io/mcdrop/cli/**/*Test'

failed_runs=0
for ((i = 1; i <= runs; i++)); do
  dir="$out/run-$i"
  mkdir -p "$dir"
  start=$(date +%s)
  # Old reports must not be counted again.
  rm -rf server/target/surefire-reports cli/target/surefire-reports
  # Test failures do not stop the build, so the CLI's tests run even when a server test fails;
  # the reports say what failed.
  if ./mvnw -B -ntp -pl server,cli -am verify -Dmaven.test.failure.ignore=true \
      -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false "$@" >"$dir/maven.log" 2>&1; then
    status=built
  else
    status="BUILD FAILED"
    failed_runs=$((failed_runs + 1))
  fi
  for m in server cli; do
    if [[ -d $m/target/surefire-reports ]]; then
      mkdir -p "$dir/$m"
      cp $m/target/surefire-reports/TEST-*.xml "$dir/$m/" 2>/dev/null || true
    fi
  done
  count=$(ls "$dir"/*/TEST-*.xml 2>/dev/null | wc -l)
  bad=$(cat "$dir"/*/TEST-*.xml 2>/dev/null | grep -c -E '<(failure|error)[ >]' || true)
  [[ $bad -gt 0 ]] && failed_runs=$((failed_runs + 1))
  echo "run $i/$runs: $status, $bad failing test(s), $count test classes, $(($(date +%s) - start)) s (log: $dir/maven.log)"
done

python3 - "$out" "$runs" <<'PY'
import collections, glob, os, sys
import xml.etree.ElementTree as ET

out, runs = sys.argv[1], int(sys.argv[2])
failures = collections.Counter()
executed = collections.Counter()
first_message = {}
for report in sorted(glob.glob(os.path.join(out, "run-*", "*", "TEST-*.xml"))):
    try:
        root = ET.parse(report).getroot()
    except ET.ParseError as e:
        failures[f"(unreadable report {report})"] += 1
        continue
    for case in root.iter("testcase"):
        name = f"{case.get('classname')}#{case.get('name')}"
        if case.find("skipped") is not None:
            continue
        executed[name] += 1
        bad = case.find("failure")
        if bad is None:
            bad = case.find("error")
        if bad is not None:
            failures[name] += 1
            msg = (bad.get("message") or bad.get("type") or "").strip().splitlines()
            first_message.setdefault(name, msg[0][:160] if msg else "")
print()
print(f"{len(executed)} distinct tests executed over {runs} run(s)")
if not failures:
    print("no test failed in any run")
else:
    print("tests that failed at least once (failed/executed):")
    for name, n in failures.most_common():
        print(f"  {n}/{executed[name]}  {name}  -- {first_message.get(name, '')}")
PY

missing=0
for ((i = 1; i <= runs; i++)); do
  if ! ls "$out/run-$i"/*/TEST-*.xml >/dev/null 2>&1; then
    echo "run $i produced no test reports (build failure?): see $out/run-$i/maven.log"
    missing=1
  fi
done
[[ $failed_runs -eq 0 && $missing -eq 0 ]]
