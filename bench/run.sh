#!/usr/bin/env bash
# The one benchmark script: builds in Release and prints, as ratios measured in this run on this machine,
#   overhead  recording overhead: `dotnet test` of a trivial theory recorded (json, parquet) vs not recorded; recorded
#             also with the packages' linux-x64 ReadyToRun images in place of our IL
#   report    `runner-harness report` (published ReadyToRun) vs DuckDB's deduplicated group-by of the same files,
#             whole processes; also the CLI as built (JIT at start, as the tool package runs), and as built with the
#             runtime's default tiering (what the CLI's runtimeconfig turns off), for scale
#   bytes     bytes per record of each format
#   writes    write throughput with 1, 2, 4, 8, 16 concurrent writer processes, bulk (sealed files directly, as import
#             writes) and live (through the write-ahead log, as a test host writes)
#   bulk      bulk writes into Parquet by the CLI as built: `compact` of a Parquet store of many small files,
#             `migrate` JSON Lines -> Parquet and Parquet -> JSON Lines, `import` of a JSON Lines file into Parquet,
#             each of --write-records records, as records/s (goal, issue 25: >= 300,000 into Parquet)
#   plan      top-up planning time over the store (what each test host pays before its first row), with our assemblies
#             JIT-compiled (IL) and with the ReadyToRun images the packages carry (R2R), alternating
#   poll      one progress poll of `run` for a small run, alone and inside the big store (what `run` pays every second)
#   seal      peak memory of one writer sealing one Parquet segment of 100,000 and of 500,000 records (`StoreProbe seal`;
#             goal < 200 MB whatever the segment size), with the full collections and GC pause it cost; with
#             --seal-hold, also a 100,000-record seal in a process holding that many MB of live objects (a test host's)
#   transcripts  `runner-harness report` over the store with a transcript per record vs the same records without
#             (reports never open transcripts/; goal: within 5%)
#   urlreport `runner-harness report --store az://...` over a Parquet store uploaded once to Azurite (started from
#             tests/emulators on 127.0.0.1), with an empty mirror (the sync downloads everything) and a warm one, vs
#             the same report over the local store (goal: within 2x)
#
#   bench/run.sh [--only SECTIONS] [--records N] [--repeat R] [--formats "json parquet"] [--writers "1 2 4 8 16"]
#                [--write-records N] [--write-modes "bulk live"] [--overhead-rows N] [--seal-records "N ..."]
#                [--seal-hold "MB ..."] [--stores DIR] [--keep]
#
#   --only          comma-separated sections (default: all, in the order above; add transcripts and urlreport explicitly)
#   --records       records in the generated stores (default 1000000)
#   --repeat        repetitions of each timed comparison (default 3); ratios are paired per repetition
#   --formats       store formats to measure (default "json parquet")
#   --writers       concurrent writer process counts (default "1 2 4 8 16")
#   --write-records records written in total by each writes measurement (default: --records)
#   --write-modes   how the writes section writes: bulk (BulkRecordWriter), live (RecordWriter) (default "bulk live")
#   --overhead-rows rows of the trivial theory (default 10000)
#   --seal-records  segment sizes the seal section measures (default "100000 500000")
#   --seal-hold     MB of live objects the process holds for the seal section's extra 100,000-record seals (default
#                   none; "200 800" measures what a large test host pays)
#   --stores DIR    where generated stores live; existing ones of the right size are reused (default: a temp dir)
#   --url-store DIR urlreport: the local Parquet store to upload and compare with, only read (default:
#                   /work/bench-stores/parquet-$records if it exists, else one generated as for report)
#   --keep          keep the temp dir
#
# A quick run (minutes): bench/run.sh --records 100000 --repeat 2 --writers "1 4" --overhead-rows 2000
# The machine is shared, so every comparison alternates its two sides and prints each pair's ratio and the
# range; the load average is printed before and after. Needs python3 and /usr/bin/time.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
source "$repo/bench/test-project.sh"
sections="overhead,report,bytes,writes,bulk,plan,poll,seal"
records=1000000
repeat=3
formats="json parquet"
writers="1 2 4 8 16"
write_records=""
write_modes="bulk live"
overhead_rows=10000
seal_records="100000 500000"
seal_hold=""
poll_records=10000
stores=""
url_store=""
keep=false
while (($#)); do
  case "$1" in
    --only) sections="$2"; shift 2 ;;
    --records) records="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --formats) formats="$2"; shift 2 ;;
    --writers) writers="$2"; shift 2 ;;
    --write-records) write_records="$2"; shift 2 ;;
    --write-modes) write_modes="$2"; shift 2 ;;
    --overhead-rows) overhead_rows="$2"; shift 2 ;;
    --seal-records) seal_records="$2"; shift 2 ;;
    --seal-hold) seal_hold="$2"; shift 2 ;;
    --stores) stores="$2"; shift 2 ;;
    --url-store) url_store="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) sed -n '2,40p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
write_records="${write_records:-$records}"
for section in ${sections//,/ }; do
  case "$section" in overhead|report|bytes|writes|bulk|plan|poll|seal|transcripts|urlreport) ;; *)
    echo "bench/run.sh: unknown section '$section'; valid: overhead, report, bytes, writes, bulk, plan, poll, seal, transcripts, urlreport" >&2; exit 2 ;;
  esac
done
wants() { [[ ",$sections," == *",$1,"* ]]; }

# No MSBuild node, MSBuild server or compiler server outlives the script (UseSharedCompilation is read as an MSBuild property).
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 UseSharedCompilation=false
work="$(mktemp -d -t runner-harness-bench-XXXXXX)"
if $keep; then echo "work directory: $work"; else trap 'rm -rf "$work"' EXIT; fi
stores="${stores:-$work/stores}"
mkdir -p "$stores"
release=bin/Release/net10.0
cli="$repo/src/RunnerHarness.Cli/$release/runner-harness.dll"      # as `dotnet build` leaves it: JIT-compiled at start
cli_r2r="$work/cli-r2r/runner-harness.dll"                          # published ReadyToRun: precompiled, as measured first
generator="$repo/bench/StoreGenerator/$release/StoreGenerator.dll"
probe="$repo/bench/StoreProbe/$release/StoreProbe.dll"
duck="$repo/bench/DuckDbReport/$release/DuckDbReport.dll"

machine() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB, $(uname -sr), .NET $(dotnet --version)"
  echo "load average at $(date -u +%H:%M:%S) UTC: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# timed <output-file> <command...>: runs the command, appends "wall-s peak-kB user-s system-s" to the output file.
# CPU seconds (user + system) are printed beside wall seconds: on a loaded machine they vary far less.
timed() {
  local out="$1"; shift
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" > "$work/last.log" 2>&1 || { cat "$work/last.log"; exit 1; }
  cat "$work/time" >> "$out"
}

# compare <label> <goal> <file-a> <file-b>: paired ratios a/b of wall and of CPU times, with peak memory.
compare() {
  python3 - "$@" <<'PY'
import statistics, sys
label, goal, a_file, b_file = sys.argv[1:5]
def rows(path):
    return [(w, kb, u + s) for w, kb, u, s in (map(float, l.split()) for l in open(path) if l.strip())]
a, b = rows(a_file), rows(b_file)
def span(v, f="{:.2f}"): return f.format(min(v)) + ("" if min(v) == max(v) else "-" + f.format(max(v)))
wall = [x[0] / y[0] for x, y in zip(a, b)]
cpu = [x[2] / y[2] for x, y in zip(a, b)]
print(f"{label}: wall {span([x[0] for x in a])} s vs {span([y[0] for y in b])} s, ratio {span(wall)} "
      f"(median {statistics.median(wall):.2f}, {len(wall)} pairs; goal {goal}); "
      f"CPU {span([x[2] for x in a])} s vs {span([y[2] for y in b])} s, ratio {span(cpu)}; "
      f"peak {span([x[1] / 1024 for x in a], '{:.0f}')} MB vs {span([y[1] / 1024 for y in b], '{:.0f}')} MB")
PY
}

build() {
  echo "building (Release): $*"
  for project in "$@"; do
    dotnet build "$repo/$project" -c Release --nologo -v:q -p:MSBuildTerminalLogger=false > "$work/build.log" 2>&1 \
      || { cat "$work/build.log"; exit 1; }
  done
}

# ready_to_run_into DIR: puts in DIR, in place of our assemblies' IL, the linux-x64 ReadyToRun images the library packages
# carry in runtimes/linux-x64/lib/ (Directory.Build.targets), as a package consumer's host loads them. Each image is
# compiled from the IL DIR holds (checked), by the target pack runs.
ready_to_run_into() {
  local dir="$1" library
  for library in RunnerHarness.Store RunnerHarness RunnerHarness.Models RunnerHarness.ObjectStorage RunnerHarness.Xunit; do
    [[ -f "$dir/$library.dll" ]] || continue
    cmp -s "$dir/$library.dll" "$repo/src/$library/obj/Release/net10.0/$library.dll" \
      || { echo "ready_to_run_into: $dir/$library.dll is not the Release build of src/$library" >&2; exit 1; }
    dotnet msbuild "$repo/src/$library" -t:RunnerHarnessReadyToRunImages -p:Configuration=Release \
      -p:RunnerHarnessReadyToRunRuntimes=linux-x64 --nologo -v:q > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
    cp "$repo/src/$library/obj/Release/net10.0/r2r/linux-x64/$library.dll" "$dir/"
  done
}

store_for() { # format [transcripts] -> path of a store of $records records (with a transcript each), generated once
  local store="$stores/$1-$records${2:+-$2}"
  if [[ ! -f "$store/.complete" ]]; then
    rm -rf "$store"
    local start end
    start=$(date +%s.%N)
    dotnet "$generator" "$store" "$records" "$1" "" bench ${2:-} > "$work/generate.log" 2>&1 || { cat "$work/generate.log"; exit 1; }
    end=$(date +%s.%N)
    echo "generated $records $1 records${2:+ with $2} in $(echo "$end - $start" | bc) s: $store" >&2
    touch "$store/.complete"
  fi
  echo "$store"
}

machine
projects=()
{ wants report || wants bytes || wants writes || wants bulk || wants plan || wants poll; } && projects+=(bench/StoreGenerator)
wants report && projects+=(src/RunnerHarness.Cli bench/DuckDbReport)
wants bulk && projects+=(src/RunnerHarness.Cli)
wants transcripts && projects+=(bench/StoreGenerator src/RunnerHarness.Cli)
wants urlreport && projects+=(bench/StoreGenerator src/RunnerHarness.Cli)
{ wants plan || wants poll || wants seal; } && projects+=(bench/StoreProbe)
((${#projects[@]})) && build "${projects[@]}"
if wants report || wants transcripts || wants urlreport; then
  echo "publishing the CLI ReadyToRun (linux-x64, framework-dependent)"
  dotnet publish "$repo/src/RunnerHarness.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -o "$work/cli-r2r" --nologo -v:q -p:MSBuildTerminalLogger=false > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
fi

if wants overhead; then
  echo
  echo "== (1) recording overhead: dotnet test of a $overhead_rows-row trivial theory, recorded vs plain xUnit (goal, issue 25: <= 1.03)"
  make_project() { # name disable
    local dir="$work/overhead/$1"
    write_test_project "$dir" "$1" "$repo" "<RunnerHarnessDisableFramework>$2</RunnerHarnessDisableFramework>"
    cat > "$dir/TrivialTheory.cs" <<SOURCE
using Xunit;

public class TrivialTheory
{
    public static IEnumerable<object[]> Rows => Enumerable.Range(0, $overhead_rows).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Rows))]
    public void Row(int sampleIndex) => Assert.True(sampleIndex >= 0);
}
SOURCE
    dotnet build "$dir" -c Release --nologo -v:q -p:MSBuildTerminalLogger=false > "$work/build-$1.log" 2>&1 \
      || { cat "$work/build-$1.log"; exit 1; }
  }
  test_once() { # name format output
    timed "$3" env STORAGE_FORMAT="$2" RUNNER_HARNESS_STORE="$work/overhead/store-$2" \
      dotnet test "$work/overhead/$1" -c Release --no-build --nologo
  }
  make_project Recorded false
  # The same recorded project with the ReadyToRun images the packages carry, as a package consumer's test host loads them.
  make_project RecordedR2R false
  ready_to_run_into "$work/overhead/RecordedR2R/bin/Release/net10.0"
  make_project Plain true
  for format in $formats; do
    # One warm-up of each: the first process pays for cold disk caches.
    test_once Recorded "$format" /dev/null
    grep -q "RunnerHarness: wrote $overhead_rows records" "$work/last.log" \
      || { echo "the recorded run did not report $overhead_rows records:"; cat "$work/last.log"; exit 1; }
    test_once Plain "$format" /dev/null
    if grep -q "RunnerHarness:" "$work/last.log"; then echo "the plain run recorded anyway:"; cat "$work/last.log"; exit 1; fi
    test_once RecordedR2R "$format" /dev/null
    for ((i = 0; i < repeat; i++)); do
      test_once Recorded "$format" "$work/overhead-$format-recorded"
      test_once RecordedR2R "$format" "$work/overhead-$format-recorded-r2r"
      test_once Plain "$format" "$work/overhead-$format-plain"
    done
    compare "recorded ($format) vs plain" "<= 1.03" "$work/overhead-$format-recorded" "$work/overhead-$format-plain"
    compare "  recorded with the packages' ReadyToRun images ($format) vs plain" "<= 1.03" "$work/overhead-$format-recorded-r2r" "$work/overhead-$format-plain"
    compare "  recorded, ReadyToRun images vs IL" "< 1" "$work/overhead-$format-recorded-r2r" "$work/overhead-$format-recorded"
  done
fi

if wants report; then
  echo
  echo "== (2) report over $records records vs DuckDB.NET (dedup by record_id + 5-level group-by), whole processes"
  echo "   (goal, issue 25: Parquet <= 1.5x DuckDB, < 1.5 s, < 250 MB; JSON Lines <= 2x DuckDB)"
  for format in $formats; do
    store="$(store_for "$format")"
    for ((i = 0; i < repeat; i++)); do
      timed "$work/report-$format-ours" dotnet "$cli_r2r" report --store "$store" --format json --output "$work/report.json" --force
      timed "$work/report-$format-duck" dotnet "$duck" "$store" "$format"
      timed "$work/report-$format-jit" dotnet "$cli" report --store "$store" --format json --output "$work/report-jit.json" --force
      # The runtime's defaults, over the CLI's runtimeconfig (environment variables win; DWORD values are hex: 0x64 = 100 ms, 0x1E = 30 calls).
      timed "$work/report-$format-jit-defaults" env DOTNET_TieredPGO=1 DOTNET_TC_CallCountingDelayMs=64 DOTNET_TC_CallCountThreshold=1E dotnet "$cli" report --store "$store" --format json --output "$work/report-defaults.json" --force
      timed "$work/report-$format-duck-nodedup" dotnet "$duck" "$store" "$format" --no-dedup
    done
    compare "report $format (ReadyToRun) vs DuckDB" "$([[ $format == parquet ]] && echo '<= 1.5' || echo '<= 2')" "$work/report-$format-ours" "$work/report-$format-duck"
    compare "  (as built, JIT at start, vs ReadyToRun)" "-" "$work/report-$format-jit" "$work/report-$format-ours"
    compare "  (as built with the runtime's default tiering vs as built)" "-" "$work/report-$format-jit-defaults" "$work/report-$format-jit"
    compare "  (DuckDB without dedup, for scale)" "-" "$work/report-$format-duck-nodedup" "$work/report-$format-duck"
  done
fi

if wants bytes; then
  echo
  echo "== (3) bytes per record (goal: Parquet <= 1/16 of JSON Lines)"
  declare -A per_record
  for format in $formats; do
    store="$(store_for "$format")"
    bytes=$(du -sb "$store/data" | cut -f1)
    per_record[$format]=$(echo "scale=1; $bytes / $records" | bc)
    echo "$format: $bytes bytes under data/ for $records records = ${per_record[$format]} bytes/record"
  done
  if [[ -n "${per_record[json]:-}" && -n "${per_record[parquet]:-}" ]]; then
    echo "JSON Lines / Parquet: $(echo "scale=1; ${per_record[json]} / ${per_record[parquet]}" | bc)x"
  fi
fi

if wants writes; then
  echo
  echo "== (4) write throughput: $write_records records split over N concurrent StoreGenerator processes, into sealed files"
  echo "   bulk: straight into sealed files (as import writes); live: through the write-ahead log (as a test host writes)"
  echo "   (goal: bulk into Parquet >= 300,000 records/s); wall time of the whole group, process starts included; CPU = user + system of all"
  for mode in $write_modes; do
    case "$mode" in bulk|live) ;; *) echo "bench/run.sh: unknown write mode '$mode'; valid: bulk, live" >&2; exit 2 ;; esac
    for format in $formats; do
      for n in $writers; do
        store="$work/writes-$format-$n"
        rm -rf "$store"
        start=$(date +%s.%N)
        pids=()
        for ((w = 0; w < n; w++)); do
          /usr/bin/time -f "%e %M %U %S" -o "$work/writer-$w.time" \
            dotnet "$generator" "$store" $((write_records / n)) "$format" "writer$w" bench none "$mode" > "$work/writer-$w.log" 2>&1 &
          pids+=($!)
        done
        for pid in "${pids[@]}"; do wait "$pid" || { cat "$work"/writer-*.log; exit 1; }; done
        end=$(date +%s.%N)
        cpu=$(cat "$work"/writer-*.time | awk '{c += $3 + $4} END {printf "%.1f", c}')
        rm -f "$work"/writer-*.time
        python3 -c "import sys; n, w, t, c = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]); print(f'$mode $format, {w:2d} writers: {n:,} records in {t:.1f} s wall, {c:.1f} s CPU = {n / t:,.0f} records/s ({n / c:,.0f} per CPU second)')" \
          $(((write_records / n) * n)) "$n" "$(echo "$end - $start" | bc)" "$cpu"
        rm -rf "$store"
      done
    done
  done
  echo "   load average: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

if wants bulk; then
  echo
  echo "== (4b) bulk writes by the CLI as built: $write_records records each, on a fresh copy of the input every time"
  echo "   (goal, issue 25: >= 300,000 records/s into Parquet); records/s = records / wall of the whole process"
  bulk="$work/bulk"
  mkdir -p "$bulk"
  # Inputs, generated once: a Parquet store of 20 small files (20 generators of a twentieth each, as test hosts leave
  # one small segment each), a JSON Lines and a Parquet store of 100,000-record files, and the JSON Lines store's
  # records as one file to import.
  for ((w = 0; w < 20; w++)); do
    dotnet "$generator" "$bulk/small-parquet" $((write_records / 20)) parquet "writer$w" bench > "$work/generate.log" 2>&1 \
      || { cat "$work/generate.log"; exit 1; }
  done
  dotnet "$generator" "$bulk/json" "$write_records" json "" bench > "$work/generate.log" 2>&1 || { cat "$work/generate.log"; exit 1; }
  dotnet "$generator" "$bulk/parquet" "$write_records" parquet "" bench > "$work/generate.log" 2>&1 || { cat "$work/generate.log"; exit 1; }
  cat "$bulk"/json/data/runs/*/*.jsonl > "$bulk/import.jsonl"
  small=$((write_records / 20 * 20))
  bulk_once() { # label records input-store command... (the command runs on a copy of input-store, at $bulk/copy)
    local label="$1" n="$2" input="$3"; shift 3
    rm -rf "$bulk/copy"
    if [[ -n "$input" ]]; then cp -r "$input" "$bulk/copy"; fi
    timed "$work/bulk-$label" dotnet "$cli" "$@" --store "$bulk/copy"
    echo "$n" > "$work/bulk-$label.records"
  }
  for ((i = 0; i < repeat; i++)); do
    bulk_once compact-parquet "$small" "$bulk/small-parquet" compact
    bulk_once migrate-json-to-parquet "$write_records" "$bulk/json" migrate --to parquet
    bulk_once migrate-parquet-to-json "$write_records" "$bulk/parquet" migrate --to json
    bulk_once import-jsonl-to-parquet "$write_records" "" import "$bulk/import.jsonl" --kind jsonl --format parquet --run imported-bench
  done
  rm -rf "$bulk/copy"
  for label in compact-parquet migrate-json-to-parquet migrate-parquet-to-json import-jsonl-to-parquet; do
    python3 - "$label" "$(cat "$work/bulk-$label.records")" "$work/bulk-$label" <<'PY'
import sys
label, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = [list(map(float, l.split())) for l in open(path) if l.strip()]
def span(v, f): return f.format(min(v)) + ("" if min(v) == max(v) else "-" + f.format(max(v)))
print(f"{label}: {n:,} records in {span([r[0] for r in rows], '{:.2f}')} s wall, {span([r[2] + r[3] for r in rows], '{:.2f}')} s CPU, "
      f"peak {span([r[1] / 1024 for r in rows], '{:.0f}')} MB = {span([n / r[0] for r in rows], '{:,.0f}')} records/s "
      f"({span([n / (r[2] + r[3]) for r in rows], '{:,.0f}')} per CPU second)")
PY
  done
  rm -rf "$bulk"
  echo "   load average: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

if wants plan; then
  echo
  echo "== (5) top-up planning over $records records (goal < 0.25 s for the first plan): TopUpPlanner, 4,000 cells x 10 samples"
  echo "   IL: the probe as built, our assemblies JIT-compiled; R2R: the same with the linux-x64 ReadyToRun images the library"
  echo "   packages carry (runtimes/linux-x64/lib/, Directory.Build.targets) in place of our IL, as a package consumer's host loads them"
  probe_r2r="$work/probe-r2r/StoreProbe.dll"
  rm -rf "$work/probe-r2r" && cp -r "$(dirname "$probe")" "$work/probe-r2r"
  ready_to_run_into "$work/probe-r2r"
  for format in $formats; do
    store="$(store_for "$format")"
    # One warm-up of each: the first process pays for cold disk caches.
    dotnet "$probe" plan "$store" 10 > /dev/null && dotnet "$probe_r2r" plan "$store" 10 > /dev/null
    for ((i = 0; i < repeat; i++)); do
      for variant in IL R2R; do
        if [[ $variant == IL ]]; then timed "$work/plan-$format-$variant" dotnet "$probe" plan "$store" 10
        else timed "$work/plan-$format-$variant" dotnet "$probe_r2r" plan "$store" 10; fi
        echo "$format $variant: $(cat "$work/last.log") (whole process $(tail -1 "$work/plan-$format-$variant" | awk '{printf "%.2f s wall, %.2f s CPU, %.0f MB", $1, $3 + $4, $2 / 1024}'))"
      done
    done
    compare "$format, whole probe process, R2R vs IL" "< 1" "$work/plan-$format-R2R" "$work/plan-$format-IL"
  done
fi

if wants poll; then
  echo
  echo "== (6) one progress poll of run: a $poll_records-record run alone, and the same run in a store of $records more records"
  echo "   (goal < 50 ms, independent of store size)"
  for format in $formats; do
    store="$(store_for "$format")"
    alone="$work/poll-alone-$format"
    beside="$work/poll-beside-$format"
    rm -rf "$alone" "$beside"
    dotnet "$generator" "$alone" "$poll_records" "$format" "" poll-run > "$work/last.log" 2>&1 || { cat "$work/last.log"; exit 1; }
    cp -al "$store" "$beside" # hard links: the big store is not copied, only linked
    rm -f "$beside/.complete"
    cp -a "$alone/data/runs/poll-run" "$beside/data/runs/"
    mkdir -p "$beside/summaries/runs"
    cp -a "$alone/summaries/runs/poll-run" "$beside/summaries/runs/" # the run's summaries come with its files
    for ((i = 0; i < repeat; i++)); do
      for where in alone beside; do
        dotnet "$probe" poll "$work/poll-$where-$format" poll-run 5 > "$work/last.log" 2>&1 || { cat "$work/last.log"; exit 1; }
        echo "$format, run $where: $(cat "$work/last.log")"
      done
    done
    rm -rf "$alone" "$beside"
  done
fi

if wants seal; then
  echo
  echo "== (7) seal memory: one writer's Parquet segment, appended write-through and sealed by Complete (goal < 200 MB peak, any size)"
  for n in $seal_records; do
    for ((i = 0; i < repeat; i++)); do
      rm -rf "$work/seal-store"
      timed "$work/seal-$n" dotnet "$probe" seal "$work/seal-store" "$n" parquet
      echo "$n records: $(cat "$work/last.log") (whole process $(tail -1 "$work/seal-$n" | awk '{printf "%.2f s wall, %.2f s CPU, %.0f MB", $1, $3 + $4, $2 / 1024}'))"
    done
    rm -rf "$work/seal-store"
  done
  for mb in $seal_hold; do
    for ((i = 0; i < repeat; i++)); do
      rm -rf "$work/seal-store"
      dotnet "$probe" seal "$work/seal-store" 100000 parquet --hold "$mb" > "$work/last.log" 2>&1 || { cat "$work/last.log"; exit 1; }
      echo "100000 records, $mb MB held: $(cat "$work/last.log")"
    done
    rm -rf "$work/seal-store"
  done
fi

if wants transcripts; then
  echo
  echo "== (8) report over $records records with a transcript each vs the same records without (goal <= 1.05)"
  for format in $formats; do
    without="$(store_for "$format")"
    with="$(store_for "$format" transcripts)"
    [[ -d "$with/transcripts" ]] || { echo "the store $with has no transcripts/"; exit 1; }
    echo "$format: data/ $(du -sb "$with/data" | cut -f1) bytes; transcripts/ $(du -sb "$with/transcripts" | cut -f1) bytes ($(find "$with/transcripts" -type f | wc -l) files)"
    for ((i = 0; i < repeat; i++)); do
      # The two sides alternate which runs first, so neither always finds the other's work just done.
      for side in $( ((i % 2)) && echo "without with" || echo "with without"); do
        store_of_side="$with"; [[ $side == without ]] && store_of_side="$without"
        timed "$work/transcripts-$format-$side" dotnet "$cli_r2r" report --store "$store_of_side" --format json --output "$work/report-$side.json" --force
      done
    done
    compare "report $format, transcripts present vs absent" "<= 1.05" "$work/transcripts-$format-with" "$work/transcripts-$format-without"
  done
fi

if wants urlreport; then
  echo
  echo "== (9) report over a URL store in Azurite vs the same report over the local store (goal <= 2)"
  local_store="${url_store:-}"
  if [[ -z "$local_store" ]]; then
    local_store=/work/bench-stores/parquet-$records
    [[ -d "$local_store/data" ]] || local_store="$(store_for parquet)"
  fi
  source "$repo/bench/azurite.sh"
  start_azurite "$repo" "$work" || exit 1
  trap 'kill $azurite_pid 2>/dev/null || true; wait $azurite_pid 2>/dev/null || true; $keep || rm -rf "$work"' EXIT
  create_container bench
  url="az://bench/$(basename "$local_store")"
  start=$(date +%s.%N)
  dotnet "$cli_r2r" export --format store --store "$local_store" --output "$url" > "$work/upload.log" 2>&1 || { cat "$work/upload.log"; exit 1; }
  end=$(date +%s.%N)
  echo "uploaded $local_store ($(du -sb "$local_store/data" | cut -f1) bytes under data/) to $url in $(echo "$end - $start" | bc) s: $(tail -1 "$work/upload.log")"
  mirror="$work/mirrors"
  for ((i = 0; i < repeat; i++)); do
    rm -rf "$mirror"
    timed "$work/urlreport-cold" env RUNNER_HARNESS_STORE_MIRROR_DIR="$mirror" dotnet "$cli_r2r" report --store "$url" --format json --output "$work/report-url-cold.json" --force
    timed "$work/urlreport-local" dotnet "$cli_r2r" report --store "$local_store" --format json --output "$work/report-local.json" --force
    timed "$work/urlreport-warm" env RUNNER_HARNESS_STORE_MIRROR_DIR="$mirror" dotnet "$cli_r2r" report --store "$url" --format json --output "$work/report-url-warm.json" --force
  done
  # The same report: only the store line differs.
  for side in cold warm; do
    python3 - "$work/report-local.json" "$work/report-url-$side.json" <<'PY' || exit 1
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for r in (a, b):
    r.pop("source", None); r.pop("generated_at", None)
if a != b:
    sys.exit(f"the report over the URL store differs from the local one: {sys.argv[2]}")
PY
  done
  compare "report over $url, empty mirror (sync included) vs local" "<= 2" "$work/urlreport-cold" "$work/urlreport-local"
  compare "report over $url, warm mirror vs local" "<= 2" "$work/urlreport-warm" "$work/urlreport-local"
fi

echo
echo "load average at $(date -u +%H:%M:%S) UTC: $(cut -d' ' -f1-3 /proc/loadavg)"
