#!/usr/bin/env bash
# Runs the pandas snippet of docs/querying.md, exactly as written there, against a store, so the documented
# snippet is checked against the report's success rates (compare with: runner-harness report --store STORE).
# Needs pandas (Debian: apt-get install -y python3-pandas); a store with Parquet files also needs pyarrow.
# Usage: scripts/run-pandas-snippet.sh STORE
set -euo pipefail
store=$(realpath "${1:?usage: scripts/run-pandas-snippet.sh STORE}")
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/runner-harness-pandas.XXXXXX")
trap 'rm -rf "$work"' EXIT
ln -s "$store" "$work/store"
python3 - "$repo/docs/querying.md" > "$work/snippet.py" <<'PY'
import re, sys
match = re.search(r"## pandas.*?```python\n(.*?)```", open(sys.argv[1]).read(), re.S)
if not match:
    sys.exit("run-pandas-snippet: docs/querying.md has no pandas snippet")
print(match.group(1))
PY
cd "$work" && python3 snippet.py
