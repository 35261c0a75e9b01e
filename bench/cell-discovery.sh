#!/usr/bin/env bash
# Times the discovery of a 20,000-cell model batch (20 models x 10 prompt types x 5 difficulties x 20 task types):
# whole `dotnet test --list-tests` processes listing one test per cell, against the same batch listed as one test
# (RUNNER_HARNESS_DISCOVER_CELLS=false), and xUnit's own discovery time (its Discovering/Discovered timestamps).
#
#   bench/cell-discovery.sh [repetitions=3]
#
# Builds one generated project (Release) under a temp directory. Discovery reads no store and plans no samples.
set -euo pipefail

repetitions="${1:-3}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d -t runner-harness-cells-XXXXXX)"
trap 'rm -rf "$work"' EXIT
source "$repo/bench/test-project.sh"

dir="$work/CellDiscovery"
write_test_project "$dir" CellDiscovery "$repo"
python3 - "$dir/LargeBatch.cs" <<'PY'
import sys
def names(prefix, n): return ", ".join(f'"{prefix}-{i:02}"' for i in range(n))
source = f'''using RunnerHarness.Xunit;
using Xunit;

public class LargeBatch
{{
    [Theory]
    [ModelMatrix(
        Models = [{names("model", 20)}],
        PromptTypes = [{names("prompt", 10)}],
        Difficulties = [{names("difficulty", 5)}],
        TaskTypes = [{names("task", 20)}])]
    public void Run(ModelCase modelCase) => Assert.NotNull(modelCase);
}}
'''
open(sys.argv[1], "w").write(source)
PY
echo "Building the 20,000-cell project (Release)..."
dotnet build "$dir" -c Release --nologo -v:q -p:MSBuildTerminalLogger=false > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

list_once() { # discover-cells -> "wall-seconds xunit-seconds listed"
  local start end
  start=$(date +%s.%N)
  RUNNER_HARNESS_DISCOVER_CELLS="$1" dotnet test "$dir" -c Release --no-build --nologo --list-tests --verbosity normal \
    > "$work/list.log" 2>&1 || { cat "$work/list.log"; exit 1; }
  end=$(date +%s.%N)
  python3 - "$work/list.log" "$(echo "$end - $start" | bc)" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
stamp = lambda word: re.search(r"\[xUnit\.net (\d+):(\d+):([\d.]+)\]\s+" + word, text)
def seconds(m): return int(m[1]) * 3600 + int(m[2]) * 60 + float(m[3])
start, end = stamp("Discovering:"), stamp("Discovered:")
xunit = f"{seconds(end) - seconds(start):.2f}" if start and end else "n/a"
listed = sum(1 for line in text.splitlines() if line.strip().startswith("LargeBatch.Run"))
print(f"{float(sys.argv[2]):.2f} {xunit} {listed}")
PY
}

list_once true > /dev/null # warm-up: the first process pays for cold disk caches
for mode in true false; do
  for ((i = 1; i <= repetitions; i++)); do
    read -r wall xunit listed <<< "$(list_once "$mode")"
    echo "RUNNER_HARNESS_DISCOVER_CELLS=$mode run $i: $listed tests listed, xUnit discovery $xunit s, dotnet test --list-tests $wall s"
  done
done
