# Azurite for the benches, started as the tests start it (tests/emulators): 127.0.0.1, a port the system chooses, no
# telemetry, its data under a work folder. Sourced by bench/run.sh and bench/first-plan.sh.

# The development account Azurite documents (not a secret).
azurite_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

# start_azurite REPO WORK: starts Azurite with its data under WORK/azurite, waits until it says it listens, and sets
# azurite_pid and azurite_port and exports AZURE_STORAGE_CONNECTION_STRING. The caller stops it (kill $azurite_pid).
start_azurite() {
  local repo="$1" work="$2" azurite="$1/tests/emulators/node_modules/.bin/azurite-blob"
  [[ -x "$azurite" ]] || { echo "$azurite is missing: run npm ci in tests/emulators"; return 1; }
  mkdir -p "$work/azurite"
  node "$azurite" --blobHost 127.0.0.1 --blobPort 0 --disableTelemetry --skipApiVersionCheck --location "$work/azurite" > "$work/azurite.log" 2>&1 &
  azurite_pid=$!
  azurite_port=""
  # Polls its log: Azurite says nothing else when it is ready, and a bench may wait.
  for ((i = 0; i < 600; i++)); do
    azurite_port=$(sed -n 's/.*listens on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/azurite.log" | head -1)
    [[ -n "$azurite_port" ]] && break
    kill -0 "$azurite_pid" 2>/dev/null || { cat "$work/azurite.log"; return 1; }
    sleep 0.1
  done
  [[ -n "$azurite_port" ]] || { echo "Azurite did not say it listens:"; cat "$work/azurite.log"; return 1; }
  export AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$azurite_key;BlobEndpoint=http://127.0.0.1:$azurite_port/devstoreaccount1;"
}

# create_container NAME: creates a container in the Azurite start_azurite started, with a Shared Key signed request
# (the CLI never creates containers).
create_container() {
  python3 - "$azurite_port" "$azurite_key" "$1" <<'PY'
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
}
