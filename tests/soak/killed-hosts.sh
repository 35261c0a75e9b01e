#!/usr/bin/env bash
# Killed-host soak (not run by CI): runs KilledHostTests (two shards of a fixture batch at once, one JSON Lines,
# one Parquet, each test host killed with SIGKILL when the store holds a seeded number of its records; then the
# next run and a compaction must keep every finished result exactly once) for seeds FIRST..FIRST+COUNT-1.
#
#   tests/soak/killed-hosts.sh [COUNT=20] [FIRST=1]
#
# Exit 0 when every seed passes; 1 otherwise, naming the failed seeds (replay one with
# RUNNER_HARNESS_KILL_SEED=<seed> dotnet test tests/RunnerHarness.Xunit.Tests --filter KilledHostTests).
set -euo pipefail
count=${1:-20}
first=${2:-1}
root=$(cd "$(dirname "$0")/../.." && pwd)
project="$root/tests/RunnerHarness.Xunit.Tests"
dotnet build -v q -nologo "$project" >/dev/null
failed=()
kills=0
for ((seed = first; seed < first + count; seed++)); do
  log=$(mktemp "${TMPDIR:-/tmp}/killed-hosts.XXXXXX")
  if RUNNER_HARNESS_KILL_SEED=$seed dotnet test "$project" --no-build --nologo --filter "FullyQualifiedName~KilledHostTests" \
       --logger "console;verbosity=detailed" >"$log" 2>&1; then
    kills=$((kills + 2))
    grep -a -E "seed $seed:|kills survived" "$log" | sed 's/^ */killed-hosts: /'
  else
    failed+=("$seed")
    echo "killed-hosts: seed $seed FAILED (log $log)"
    continue
  fi
  rm -f "$log"
done
echo "killed-hosts: $count seeds from $first, $kills kills survived, failed seeds: ${failed[*]:-none}"
[ ${#failed[@]} -eq 0 ]
