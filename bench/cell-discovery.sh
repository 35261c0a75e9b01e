#!/usr/bin/env bash
# Times the discovery of a 20,000-cell model batch (20 models x 10 prompt types x 5 difficulties x 20 task types):
# whole `dotnet test --list-tests` processes listing one test per cell, against the same batch listed as one test
# (RUNNER_HARNESS_DISCOVER_CELLS=false), and xUnit's own discovery time (its Discovering/Discovered timestamps).
# The anchor, measured in the same run: a plain xUnit v2 project (no RunnerHarness) with one theory of the same
# 20,000 axis combinations as pre-enumerated MemberData rows; the ratio ours / plain is printed per repetition.
# Then the same pair under xUnit v3: the batch with RunnerHarness.Xunit.v3 against a plain xUnit v3 project of the same
# MemberData rows, both under VSTest (xunit.v3.mtp-off + xunit.runner.visualstudio), so that the listing goes through the
# same vstest.console and test host as v2's and the two pairs compare alike. Last, the same v3 pair made with `xunit.v3` 4.x,
# which runs under Microsoft.Testing.Platform (what `dotnet add package xunit.v3` gives; a global.json above the two
# projects names the runner): whole `dotnet test --list-tests` only, as MTP prints no xUnit discovery stamps.
#
#   bench/cell-discovery.sh [repetitions=3] [--against GIT-REF]
#
# --against GIT-REF also builds the batch's v2 and v3 (VSTest) projects against an export of GIT-REF (`git archive`, e.g.
# main) and lists them right after this tree's in each repetition, printing this tree / GIT-REF: a change's effect paired
# with its base in the same run, under the same load.
#
# Builds six generated projects (Release) under a temp directory (eight with --against). Discovery reads no store and plans no samples.
# The listings alternate within each repetition, so load on a shared machine falls on all of them alike.
set -euo pipefail

repetitions=3
against=""
while (($#)); do
  case "$1" in
    --against) against="${2:?--against needs a git ref, e.g. main}"; shift 2 ;;
    [0-9]*) repetitions="$1"; shift ;;
    *) echo "bench/cell-discovery.sh: unknown argument '$1' (usage: bench/cell-discovery.sh [repetitions=3] [--against GIT-REF])" >&2; exit 2 ;;
  esac
done
repo="$(cd "$(dirname "$0")/.." && pwd)"
# No MSBuild node, MSBuild server or compiler server outlives the script (UseSharedCompilation is read as an MSBuild property).
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 UseSharedCompilation=false
work="$(mktemp -d -t runner-harness-cells-XXXXXX)"
trap 'rm -rf "$work"' EXIT
source "$repo/bench/test-project.sh"
echo "load average at $(date -u +%H:%M:%S) UTC: $(cut -d' ' -f1-3 /proc/loadavg)"

write_batch_source() { # FILE: the 20,000-cell batch; the same source compiles against either package
python3 - "$1" <<'PY'
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
}

write_plain_source() { # FILE: one theory of the same 20,000 axis combinations as MemberData rows, for xUnit v2 or v3
python3 - "$1" <<'PY'
import sys
def names(prefix, n): return ", ".join(f'"{prefix}-{i:02}"' for i in range(n))
source = f'''using Xunit;

public class PlainBatch
{{
    private static readonly string[] Models = [{names("model", 20)}];
    private static readonly string[] PromptTypes = [{names("prompt", 10)}];
    private static readonly string[] Difficulties = [{names("difficulty", 5)}];
    private static readonly string[] TaskTypes = [{names("task", 20)}];

    // Strings are serializable, so xUnit (v2 and v3) pre-enumerates every row into its own test case at discovery.
    public static TheoryData<string, string, string, string> Cells()
    {{
        var cells = new TheoryData<string, string, string, string>();
        foreach (var model in Models)
            foreach (var promptType in PromptTypes)
                foreach (var difficulty in Difficulties)
                    foreach (var taskType in TaskTypes)
                        cells.Add(model, promptType, difficulty, taskType);
        return cells;
    }}

    [Theory]
    [MemberData(nameof(Cells))]
    public void Run(string model, string promptType, string difficulty, string taskType) =>
        Assert.NotNull(model + promptType + difficulty + taskType);
}}
'''
open(sys.argv[1], "w").write(source)
PY
}

dir="$work/CellDiscovery"
write_test_project "$dir" CellDiscovery "$repo"
write_batch_source "$dir/LargeBatch.cs"
plain="$work/PlainDiscovery"
write_plain_test_project "$plain" PlainDiscovery
write_plain_source "$plain/PlainBatch.cs"
v3="$work/CellDiscoveryV3"
write_v3_test_project "$v3" CellDiscoveryV3 "$repo"
write_batch_source "$v3/LargeBatch.cs"
plain_v3="$work/PlainDiscoveryV3"
write_plain_v3_test_project "$plain_v3" PlainDiscoveryV3
write_plain_source "$plain_v3/PlainBatch.cs"
# Under their own folder: with the .NET 10 SDK, `dotnet test` runs MTP projects only when the global.json above them says so.
mtp_root="$work/mtp"
mkdir -p "$mtp_root"
echo '{ "test": { "runner": "Microsoft.Testing.Platform" } }' > "$mtp_root/global.json"
mtp="$mtp_root/CellDiscoveryMtp"
write_v3_test_project "$mtp" CellDiscoveryMtp "$repo" mtp
write_batch_source "$mtp/LargeBatch.cs"
plain_mtp="$mtp_root/PlainDiscoveryMtp"
write_plain_v3_test_project "$plain_mtp" PlainDiscoveryMtp mtp
write_plain_source "$plain_mtp/PlainBatch.cs"

projects=("$dir" "$plain" "$v3" "$plain_v3" "$mtp" "$plain_mtp")
if [[ -n "$against" ]]; then
  baseline_repo="$work/baseline-src"
  mkdir -p "$baseline_repo"
  git -C "$repo" archive "$against" | tar -x -C "$baseline_repo"
  baseline="$work/CellDiscoveryBaseline"
  write_test_project "$baseline" CellDiscovery "$baseline_repo"
  write_batch_source "$baseline/LargeBatch.cs"
  baseline_v3="$work/CellDiscoveryV3Baseline"
  write_v3_test_project "$baseline_v3" CellDiscoveryV3 "$baseline_repo"
  write_batch_source "$baseline_v3/LargeBatch.cs"
  projects+=("$baseline" "$baseline_v3")
fi
for project in "${projects[@]}"; do
  echo "Building $(basename "$project") (Release)..."
  dotnet build "$project" -c Release --nologo -v:q -p:MSBuildTerminalLogger=false > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
done

list_once() { # project test-name-prefix discover-cells -> "wall-seconds xunit-seconds listed"
  local start end
  start=$(date +%s.%N)
  RUNNER_HARNESS_DISCOVER_CELLS="$3" dotnet test "$1" -c Release --no-build --nologo --list-tests --verbosity normal \
    > "$work/list.log" 2>&1 || { cat "$work/list.log"; exit 1; }
  end=$(date +%s.%N)
  python3 - "$work/list.log" "$(echo "$end - $start" | bc)" "$2" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
stamp = lambda word: re.search(r"\[xUnit\.net (\d+):(\d+):([\d.]+)\]\s+" + word, text)
def seconds(m): return int(m[1]) * 3600 + int(m[2]) * 60 + float(m[3])
start, end = stamp("Discovering:"), stamp("Discovered:")
xunit = f"{seconds(end) - seconds(start):.2f}" if start and end else "n/a"
listed = sum(1 for line in text.splitlines() if line.strip().startswith(sys.argv[3]))
print(f"{float(sys.argv[2]):.2f} {xunit} {listed}")
PY
}

list_mtp_once() { # project test-name-prefix -> "wall-seconds listed" (MTP refuses --nologo and prints no xUnit stamps)
  local start end
  start=$(date +%s.%N)
  (cd "$mtp_root" && dotnet test --project "$1" -c Release --no-build --list-tests) > "$work/list.log" 2>&1 || { cat "$work/list.log"; exit 1; }
  end=$(date +%s.%N)
  python3 -c 'import sys; print(f"{float(sys.argv[1]):.2f}", sum(1 for l in open(sys.argv[2]) if l.strip().startswith(sys.argv[3])))' \
    "$(echo "$end - $start" | bc)" "$work/list.log" "$2"
}

# Warm-up: the first process of each project pays for cold disk caches.
list_once "$dir" LargeBatch.Run true > /dev/null
list_once "$plain" PlainBatch.Run true > /dev/null
list_once "$v3" LargeBatch.Run true > /dev/null
list_once "$plain_v3" PlainBatch.Run true > /dev/null
list_mtp_once "$mtp" LargeBatch.Run > /dev/null
list_mtp_once "$plain_mtp" PlainBatch.Run > /dev/null
if [[ -n "$against" ]]; then
  list_once "$baseline" LargeBatch.Run true > /dev/null
  list_once "$baseline_v3" LargeBatch.Run true > /dev/null
fi
baseline_ratios=()
baseline_v3_ratios=()
ratios=()
v3_ratios=()
mtp_ratios=()
ratio_of() { # A B -> A / B to two decimals
  python3 -c 'import sys; print(f"{float(sys.argv[1]) / float(sys.argv[2]):.2f}")' "$1" "$2"
}

for ((i = 1; i <= repetitions; i++)); do
  read -r wall xunit listed <<< "$(list_once "$dir" LargeBatch.Run true)"
  echo "run $i, RunnerHarness, one test per cell:  $listed tests listed, xUnit discovery $xunit s, dotnet test --list-tests $wall s"
  read -r plain_wall plain_xunit plain_listed <<< "$(list_once "$plain" PlainBatch.Run true)"
  echo "run $i, plain xUnit, MemberData rows:      $plain_listed tests listed, xUnit discovery $plain_xunit s, dotnet test --list-tests $plain_wall s"
  read -r one_wall one_xunit one_listed <<< "$(list_once "$dir" LargeBatch.Run false)"
  echo "run $i, RunnerHarness, one test per batch: $one_listed tests listed, xUnit discovery $one_xunit s, dotnet test --list-tests $one_wall s"
  ratio=$(ratio_of "$wall" "$plain_wall")
  echo "run $i, one test per cell, ours / plain xUnit (whole dotnet test --list-tests): ${ratio}x"
  ratios+=("$ratio")
  if [[ -n "$against" ]]; then
    read -r base_wall base_xunit base_listed <<< "$(list_once "$baseline" LargeBatch.Run true)"
    echo "run $i, RunnerHarness at $against, one test per cell: $base_listed tests listed, xUnit discovery $base_xunit s, dotnet test --list-tests $base_wall s"
    base_ratio=$(ratio_of "$wall" "$base_wall")
    echo "run $i, one test per cell, this tree / $against (whole dotnet test --list-tests): ${base_ratio}x"
    baseline_ratios+=("$base_ratio")
  fi
  read -r v3_wall v3_xunit v3_listed <<< "$(list_once "$v3" LargeBatch.Run true)"
  echo "run $i, RunnerHarness v3 (VSTest), one test per cell: $v3_listed tests listed, xUnit discovery $v3_xunit s, dotnet test --list-tests $v3_wall s"
  read -r plain_v3_wall plain_v3_xunit plain_v3_listed <<< "$(list_once "$plain_v3" PlainBatch.Run true)"
  echo "run $i, plain xUnit v3 (VSTest), MemberData rows:     $plain_v3_listed tests listed, xUnit discovery $plain_v3_xunit s, dotnet test --list-tests $plain_v3_wall s"
  v3_ratio=$(ratio_of "$v3_wall" "$plain_v3_wall")
  echo "run $i, v3, one test per cell, ours / plain xUnit v3 (whole dotnet test --list-tests): ${v3_ratio}x"
  v3_ratios+=("$v3_ratio")
  if [[ -n "$against" ]]; then
    read -r base_v3_wall base_v3_xunit base_v3_listed <<< "$(list_once "$baseline_v3" LargeBatch.Run true)"
    echo "run $i, RunnerHarness v3 (VSTest) at $against, one test per cell: $base_v3_listed tests listed, xUnit discovery $base_v3_xunit s, dotnet test --list-tests $base_v3_wall s"
    base_v3_ratio=$(ratio_of "$v3_wall" "$base_v3_wall")
    echo "run $i, v3, one test per cell, this tree / $against (whole dotnet test --list-tests): ${base_v3_ratio}x"
    baseline_v3_ratios+=("$base_v3_ratio")
  fi
  read -r mtp_wall mtp_listed <<< "$(list_mtp_once "$mtp" LargeBatch.Run)"
  echo "run $i, RunnerHarness v3 (MTP), one test per cell: $mtp_listed tests listed, dotnet test --list-tests $mtp_wall s"
  read -r plain_mtp_wall plain_mtp_listed <<< "$(list_mtp_once "$plain_mtp" PlainBatch.Run)"
  echo "run $i, plain xUnit v3 (MTP), MemberData rows:     $plain_mtp_listed tests listed, dotnet test --list-tests $plain_mtp_wall s"
  mtp_ratio=$(ratio_of "$mtp_wall" "$plain_mtp_wall")
  echo "run $i, v3 under MTP, one test per cell, ours / plain xUnit v3 (whole dotnet test --list-tests): ${mtp_ratio}x"
  mtp_ratios+=("$mtp_ratio")
done
python3 - "${ratios[@]}" <<'PY'
import statistics, sys
r = sorted(float(x) for x in sys.argv[1:])
print(f"ours / plain xUnit over {len(r)} repetitions: {r[0]:.2f}-{r[-1]:.2f}x (median {statistics.median(r):.2f})")
PY
python3 - "${v3_ratios[@]}" <<'PY'
import statistics, sys
r = sorted(float(x) for x in sys.argv[1:])
print(f"v3: ours / plain xUnit v3 over {len(r)} repetitions: {r[0]:.2f}-{r[-1]:.2f}x (median {statistics.median(r):.2f})")
PY
python3 - "${mtp_ratios[@]}" <<'PY'
import statistics, sys
r = sorted(float(x) for x in sys.argv[1:])
print(f"v3 under MTP: ours / plain xUnit v3 over {len(r)} repetitions: {r[0]:.2f}-{r[-1]:.2f}x (median {statistics.median(r):.2f})")
PY
if [[ -n "$against" ]]; then
  python3 - "$against" "${baseline_ratios[@]}" <<'PY'
import statistics, sys
r = sorted(float(x) for x in sys.argv[2:])
print(f"this tree / {sys.argv[1]} over {len(r)} repetitions: {r[0]:.2f}-{r[-1]:.2f}x (median {statistics.median(r):.2f})")
PY
  python3 - "$against" "${baseline_v3_ratios[@]}" <<'PY'
import statistics, sys
r = sorted(float(x) for x in sys.argv[2:])
print(f"v3: this tree / {sys.argv[1]} over {len(r)} repetitions: {r[0]:.2f}-{r[-1]:.2f}x (median {statistics.median(r):.2f})")
PY
fi
echo "load average at $(date -u +%H:%M:%S) UTC: $(cut -d' ' -f1-3 /proc/loadavg)"
