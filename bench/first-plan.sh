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
# Every dotnet command takes the machine's shared build lock (/tmp/rh-dotnet.lock), as the session's rules ask.
set -euo pipefail
store="$(realpath "$1")"; cli="$(realpath "$2")"; shift 2
repo="$(cd "$(dirname "$0")/.." && pwd)"
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_CLI_TELEMETRY_OPTOUT=1
work="$(mktemp -d /tmp/first-plan-XXXXXX)"
azurite="$repo/tests/emulators/node_modules/.bin/azurite-blob"
[[ -x "$azurite" ]] || { echo "bench/first-plan.sh: $azurite is missing: run npm ci in tests/emulators"; exit 1; }
node "$azurite" --blobHost 127.0.0.1 --blobPort 0 --disableTelemetry --skipApiVersionCheck --location "$work/azurite" > "$work/azurite.log" 2>&1 &
azurite_pid=$!
trap 'kill $azurite_pid 2>/dev/null || true; wait $azurite_pid 2>/dev/null || true; rm -rf "$work"' EXIT
port=""
for ((i = 0; i < 600; i++)); do
  port=$(sed -n 's/.*listens on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/azurite.log" | head -1)
  [[ -n "$port" ]] && break
  kill -0 $azurite_pid 2>/dev/null || { cat "$work/azurite.log"; exit 1; }
  sleep 0.1
done
[[ -n "$port" ]] || { echo "Azurite did not say it listens:"; cat "$work/azurite.log"; exit 1; }
# Azurite's documented development account (not a secret).
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$port/devstoreaccount1;"
n=0
for sample in "$@"; do
  n=$((n + 1))
  container="plan$n"
  python3 - "$port" "$key" "$container" <<'PY'
import base64, hashlib, hmac, sys, urllib.request
from email.utils import formatdate
port, key, container = sys.argv[1:4]
date = formatdate(usegmt=True)
canonical = f"PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:{date}\nx-ms-version:2021-08-06\n/devstoreaccount1/devstoreaccount1/{container}\nrestype:container"
signature = base64.b64encode(hmac.new(base64.b64decode(key), canonical.encode(), hashlib.sha256).digest()).decode()
request = urllib.request.Request(f"http://127.0.0.1:{port}/devstoreaccount1/{container}?restype=container", method="PUT",
    headers={"x-ms-date": date, "x-ms-version": "2021-08-06", "Authorization": f"SharedKey devstoreaccount1:{signature}", "Content-Length": "0"})
urllib.request.urlopen(request).close()
PY
  url="az://$container/$(basename "$store")"
  flock -w 3600 /tmp/rh-dotnet.lock dotnet "$cli" export --format store --store "$store" --output "$url" > "$work/upload-$n.log" 2>&1 || { cat "$work/upload-$n.log"; exit 1; }
  mirror="$work/mirror-$n"
  # Timed inside the lock: the wall time of the whole `dotnet test` (sync, plan, 450 simulated rows, upload), not the wait.
  flock -w 3600 /tmp/rh-dotnet.lock timeout 900 env RUNNER_HARNESS_STORE="$url" RUNNER_HARNESS_STORE_MIRROR_DIR="$mirror" RUNNER_HARNESS_MODEL_CACHE=off \
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
