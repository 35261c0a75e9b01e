#!/usr/bin/env bash
# Times whole `dotnet test` processes of a 5,000-row trivial theory, recorded by RunnerHarness.Xunit versus
# the same project with the framework disabled (RunnerHarnessDisableFramework=true), and reports the median
# of each and their ratio. Goal: ratio < 1.10.
#
#   bench/recording-overhead.sh [repetitions=7] [format=json]
#
# Builds two copies of one generated project (Release) under a temp directory, then alternates runs of the
# two so that machine load affects both alike. Needs python3 for the statistics.
set -euo pipefail

repetitions="${1:-7}"
format="${2:-json}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d -t runner-harness-overhead-XXXXXX)"
trap 'rm -rf "$work"' EXIT

make_project() { # name disable
  local dir="$work/$1"
  mkdir -p "$dir"
  cat > "$dir/$1.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <Import Project="$repo/build/RunnerHarness.Xunit.props" />
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <IsTestProject>true</IsTestProject>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <RunnerHarnessDisableFramework>$2</RunnerHarnessDisableFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" />
    <PackageReference Include="xunit" Version="2.9.3" />
    <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
    <ProjectReference Include="$repo/src/RunnerHarness.Xunit/RunnerHarness.Xunit.csproj" />
  </ItemGroup>
  <Import Project="$repo/build/RunnerHarness.Xunit.targets" />
</Project>
PROJECT
  cat > "$dir/TrivialTheory.cs" <<'SOURCE'
using Xunit;

public class TrivialTheory
{
    public static IEnumerable<object[]> Rows => Enumerable.Range(0, 5000).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Rows))]
    public void Row(int sampleIndex) => Assert.True(sampleIndex >= 0);
}
SOURCE
  # The repository's central package management and analyzers must not apply to the generated project.
  echo '<Project />' > "$dir/Directory.Build.props"
  echo '<Project />' > "$dir/Directory.Packages.props"
  dotnet build "$dir" -c Release --nologo -v:q -p:MSBuildTerminalLogger=false > "$work/build-$1.log" 2>&1 \
    || { cat "$work/build-$1.log"; exit 1; }
}

run_once() { # name -> seconds
  local start end
  start=$(date +%s.%N)
  STORAGE_FORMAT="$format" RUNNER_HARNESS_STORE="$work/store" \
    dotnet test "$work/$1" -c Release --no-build --nologo > "$work/run-$1.log" 2>&1 \
    || { cat "$work/run-$1.log"; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

echo "Building the recorded and the unrecorded project (Release)..."
make_project Recorded false
make_project Unrecorded true

# One warm-up run of each: the first process pays for cold disk caches.
run_once Recorded > /dev/null
run_once Unrecorded > /dev/null
grep -q "RunnerHarness: wrote 5000 records" "$work/run-Recorded.log" \
  || { echo "The recorded run did not report 5000 records:"; cat "$work/run-Recorded.log"; exit 1; }
if grep -q "RunnerHarness:" "$work/run-Unrecorded.log"; then
  echo "The unrecorded run recorded anyway:"; cat "$work/run-Unrecorded.log"; exit 1
fi

recorded=(); unrecorded=()
for ((i = 1; i <= repetitions; i++)); do
  recorded+=("$(run_once Recorded)")
  unrecorded+=("$(run_once Unrecorded)")
  echo "run $i: recorded ${recorded[-1]} s, unrecorded ${unrecorded[-1]} s"
done

python3 - "${recorded[*]}" "${unrecorded[*]}" "$format" <<'PY'
import statistics, sys
recorded = [float(x) for x in sys.argv[1].split()]
unrecorded = [float(x) for x in sys.argv[2].split()]
r, u = statistics.median(recorded), statistics.median(unrecorded)
print(f"5,000-row theory, {len(recorded)} runs each, format {sys.argv[3]}: "
      f"median recorded {r:.2f} s, unrecorded {u:.2f} s, ratio {r / u:.3f} (goal < 1.10)")
PY
