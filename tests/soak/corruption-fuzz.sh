#!/usr/bin/env bash
# Corruption fuzz soak (not run by CI): runs CorruptionFuzzTests (seeded random damage to sealed Parquet and JSON
# Lines files; a checksummed file is reported damaged or reads exactly as written, a file without a checksum never
# crashes or hangs a reader) with ITERATIONS mutations per case, for seeds FIRST..FIRST+COUNT-1.
#
#   tests/soak/corruption-fuzz.sh [COUNT=10] [ITERATIONS=5000] [FIRST=1]
#
# Exit 0 when every seed passes; 1 otherwise (replay with RUNNER_HARNESS_FUZZ_SEED and
# RUNNER_HARNESS_FUZZ_ITERATIONS; the failure names the mutation and iteration).
set -euo pipefail
count=${1:-10}
iterations=${2:-5000}
first=${3:-1}
root=$(cd "$(dirname "$0")/../.." && pwd)
project="$root/tests/RunnerHarness.Tests"
dotnet build -v q -nologo "$project" >/dev/null
failed=()
for ((seed = first; seed < first + count; seed++)); do
  log=$(mktemp "${TMPDIR:-/tmp}/corruption-fuzz.XXXXXX")
  if RUNNER_HARNESS_FUZZ_SEED=$seed RUNNER_HARNESS_FUZZ_ITERATIONS=$iterations dotnet test "$project" --no-build --nologo \
       --filter "FullyQualifiedName~CorruptionFuzzTests" >"$log" 2>&1; then
    echo "corruption-fuzz: seed $seed: 4 cases x $iterations mutations passed"
    rm -f "$log"
  else
    failed+=("$seed")
    echo "corruption-fuzz: seed $seed FAILED (log $log)"
  fi
done
echo "corruption-fuzz: $((count * 4 * iterations)) mutations tried, failed seeds: ${failed[*]:-none}"
[ ${#failed[@]} -eq 0 ]
