#!/usr/bin/env bash
# Concurrency soak (not run by CI): WRITERS writer processes append RECORDS records each into one store, half in
# JSON Lines and half in Parquet, while compactions, migrations, verifications and reports run against the same
# store throughout. Afterwards every record must be there exactly once. Prints the throughput.
#
#   tests/soak/concurrency-soak.sh [WRITERS=32] [RECORDS=20000] [SEED=1]
#
# Exit 0 when the final count is exact and there are no duplicates; 1 otherwise. The store is left in a
# temporary folder named in the output when the check fails.
set -euo pipefail
writers=${1:-32}
records=${2:-20000}
seed=${3:-1}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/runner-harness-soak.XXXXXX")
store="$work/store"
expected=$((writers * records))

echo "soak: building the writer probe and the CLI (Release)"
dotnet build -c Release -v q -nologo "$root/tests/RunnerHarness.StoreProbe" -o "$work/probe" >/dev/null
dotnet build -c Release -v q -nologo "$root/src/RunnerHarness.Cli" -o "$work/cli" >/dev/null
probe=("dotnet" "$work/probe/RunnerHarness.StoreProbe.dll")
cli=("dotnet" "$work/cli/runner-harness.dll")

echo "soak: $writers writers x $records records ($expected in all), seed $seed, store $store"
start=$(date +%s.%N)
pids=()
for ((w = 0; w < writers; w++)); do
  format=$([ $((w % 2)) -eq 0 ] && echo json || echo parquet)
  "${probe[@]}" append "$store" "$format" "soak-$seed-$w" "$records" 5000 >"$work/writer-$w.log" 2>&1 &
  pids+=($!)
done

# Maintenance and readers race the writers until the last writer is done. A non-zero exit is a finding
# (counted and shown, and it fails the soak): every command is documented as safe beside live writers.
maintenance_runs=0
maintenance_findings=0
RANDOM=$seed
writers_running() { for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && return 0; done; return 1; }
until [ -d "$store" ] || ! writers_running; do sleep 0.2; done
while writers_running; do
  case $((RANDOM % 5)) in
    0) command=(compact) ;;
    1) command=(migrate --to parquet) ;;
    2) command=(migrate --to json) ;;
    3) command=(verify) ;;
    *) command=(report --format json) ;;
  esac
  set +e
  "${cli[@]}" "${command[@]}" --store "$store" >"$work/maintenance.out" 2>"$work/maintenance.err"
  code=$?
  set -e
  maintenance_runs=$((maintenance_runs + 1))
  if [ "$code" -ne 0 ]; then
    maintenance_findings=$((maintenance_findings + 1))
    echo "soak: '${command[*]}' exited $code:"; head -5 "$work/maintenance.err"
  fi
done

failed_writers=0
for pid in "${pids[@]}"; do wait "$pid" || failed_writers=$((failed_writers + 1)); done
end=$(date +%s.%N)

"${cli[@]}" compact --store "$store" >/dev/null
"${cli[@]}" export --store "$store" --format jsonl --output "$work/all.jsonl" >/dev/null
read -r total distinct < <(python3 - "$work/all.jsonl" <<'PY'
import json, sys
ids = [json.loads(line)["record_id"] for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
print(len(ids), len(set(ids)))
PY
)
set +e
"${cli[@]}" verify --store "$store" >"$work/verify.out" 2>&1
verify_code=$?
set -e

seconds=$(python3 -c "print(f'{$end - $start:.1f}')")
rate=$(python3 -c "print(f'{$expected / ($end - $start):,.0f}')")
echo "soak: writers finished in ${seconds} s: ${rate} records/s over $writers processes; $maintenance_runs maintenance/reader runs alongside ($maintenance_findings findings)"
echo "soak: expected $expected, read $total, distinct $distinct, failed writers $failed_writers, final verify exit $verify_code"
if [ "$total" -eq "$expected" ] && [ "$distinct" -eq "$expected" ] && [ "$failed_writers" -eq 0 ] \
   && [ "$maintenance_findings" -eq 0 ] && [ "$verify_code" -eq 0 ]; then
  echo "soak: PASS"
  rm -rf "$work"
  exit 0
fi
echo "soak: FAIL (store kept at $store)"
exit 1
