#!/usr/bin/env bash
# What a test host's first plan downloads from a URL store on a machine whose mirror is empty: objects and bytes.
# Starts Azurite from tests/emulators (127.0.0.1, a port the system chooses, no telemetry, data under a temp folder),
# uploads STORE_DIR once per sample build into a container of its own (runner-harness export --format store), then runs
# `dotnet test` of each built WorkflowBench sample with RUNNER_HARNESS_STORE=az://<container>/<store> and an empty mirror
# folder: its test host syncs the mirror and plans before its first row. Prints the test host's sync line and the files
# of STORE_DIR the mirror then holds (what the sync downloaded), by folder, with their bytes.
#
#   bench/first-plan.sh STORE_DIR CLI_DLL SAMPLE_DLL...
#
# e.g. bench/first-plan.sh /work/bench-stores/parquet-1000000 \
#        tests/RunnerHarness.ObjectStorage.Tests/bin/Debug/net10.0/runner-harness.dll \
#        /tmp/main/samples/WorkflowBench/bin/Debug/net10.0/WorkflowBench.dll samples/WorkflowBench/bin/Debug/net10.0/WorkflowBench.dll
set -euo pipefail
store="$(realpath "$1")"; cli="$(realpath "$2")"; shift 2
repo="$(cd "$(dirname "$0")/.." && pwd)"
# No MSBuild node, MSBuild server or compiler server outlives the script (UseSharedCompilation is read as an MSBuild property).
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 UseSharedCompilation=false
work="$(mktemp -d /tmp/first-plan-XXXXXX)"
source "$repo/bench/azurite.sh"
start_azurite "$repo" "$work" || exit 1
trap 'kill $azurite_pid 2>/dev/null || true; wait $azurite_pid 2>/dev/null || true; rm -rf "$work"' EXIT
n=0
for sample in "$@"; do
  n=$((n + 1))
  container="plan$n"
  create_container "$container"
  url="az://$container/$(basename "$store")"
  dotnet "$cli" export --format store --store "$store" --output "$url" > "$work/upload-$n.log" 2>&1 || { cat "$work/upload-$n.log"; exit 1; }
  mirror="$work/mirror-$n"
  # The wall time of the whole `dotnet test`: sync, plan, 450 simulated rows, upload.
  timeout 900 env RUNNER_HARNESS_STORE="$url" RUNNER_HARNESS_STORE_MIRROR_DIR="$mirror" RUNNER_HARNESS_MODEL_CACHE=off \
    /usr/bin/time -f "%e s wall, %M KB peak" -o "$work/time-$n.txt" dotnet test "$(realpath "$sample")" --nologo --logger "console;verbosity=normal" > "$work/test-$n.log" 2>&1 || { tail -30 "$work/test-$n.log"; exit 1; }
  echo "== $sample (dotnet test: $(cat "$work/time-$n.txt"), 450 rows recorded)"
  grep -o "store $url: .*" "$work/test-$n.log" | head -1
  python3 - "$store" "$mirror" <<'PY'
import os, sys
store, mirrors = sys.argv[1:3]
mirror = os.path.join(mirrors, os.listdir(mirrors)[0])
for folder in ("data", "summaries", "transcripts"):
    count = size = 0
    for root, _, files in os.walk(os.path.join(store, folder)):
        for name in files:
            relative = os.path.relpath(os.path.join(root, name), store)
            if os.path.exists(os.path.join(mirror, relative)):
                count += 1
                size += os.path.getsize(os.path.join(store, relative))
    print(f"  downloaded from the store's {folder}/: {count} objects, {size:,} bytes")
PY
done
