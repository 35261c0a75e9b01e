# Sourced by the bench scripts: writes test projects outside the repository's props, central package versions and
# analyzers (as a user's project would be): ones that use the xUnit extension built from this repository, and the plain
# xUnit anchors a bench compares them against in the same run.

# The one project shape every function below writes: DIR/NAME.csproj with PROPERTIES and REFERENCES, between the
# optional BEFORE and AFTER imports, and empty Directory.*.props that keep the repository's own out.
#
#   write_project DIR NAME PROPERTIES REFERENCES [BEFORE] [AFTER]
write_project() {
  local dir="$1" name="$2" properties="$3" references="$4" before="${5:-}" after="${6:-}"
  mkdir -p "$dir"
  cat > "$dir/$name.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  $before
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <IsTestProject>true</IsTestProject>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    $properties
  </PropertyGroup>
  <ItemGroup>
    $references
  </ItemGroup>
  $after
</Project>
PROJECT
  echo '<Project />' > "$dir/Directory.Build.props"
  echo '<Project />' > "$dir/Directory.Packages.props"
}

# The xUnit packages of a test project: v2 (xunit 2.9.3 under VSTest), or v3 under RUNNER: vstest (xunit.v3.mtp-off,
# xunit.runner.visualstudio, Microsoft.NET.Test.Sdk) or mtp (xunit.v3 4.x, which runs under Microsoft.Testing.Platform;
# `dotnet test` needs a global.json naming that runner above the project). docs/xunit-v3.md has both routes.
#
#   xunit_references v2|vstest|mtp
xunit_references() {
  case "$1" in
    v2) printf '%s\n    %s\n    %s' '<PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" />' \
          '<PackageReference Include="xunit" Version="2.9.3" />' \
          '<PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />' ;;
    vstest) printf '%s\n    %s\n    %s' '<PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" />' \
              '<PackageReference Include="xunit.v3.mtp-off" Version="4.0.3" />' \
              '<PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />' ;;
    mtp) printf '%s' '<PackageReference Include="xunit.v3" Version="4.0.3" />' ;;
    *) echo "xunit_references: unknown runner '$1' (valid: v2, vstest, mtp)" >&2; return 1 ;;
  esac
}

# A v2 test project using the xUnit extension built from this repository.
#
#   write_test_project DIR NAME REPO [EXTRA_PROPERTY_XML]
write_test_project() {
  local repo="$3"
  write_project "$1" "$2" "${4:-}" \
    "$(xunit_references v2)
    <ProjectReference Include=\"$repo/src/RunnerHarness.Xunit/RunnerHarness.Xunit.csproj\" />" \
    "<Import Project=\"$repo/build/RunnerHarness.Xunit.props\" />" "<Import Project=\"$repo/build/RunnerHarness.Xunit.targets\" />"
}

# The same project without RunnerHarness: plain xUnit v2, the anchor a bench compares against in the same run.
#
#   write_plain_test_project DIR NAME
write_plain_test_project() {
  write_project "$1" "$2" "" "$(xunit_references v2)"
}

# The xUnit v3 form of write_test_project, using RunnerHarness.Xunit.v3 built from this repository, under RUNNER.
#
#   write_v3_test_project DIR NAME REPO [RUNNER=vstest]
write_v3_test_project() {
  local repo="$3" references
  references="$(xunit_references "${4:-vstest}")" || return 1
  write_project "$1" "$2" "<OutputType>Exe</OutputType>" \
    "$references
    <ProjectReference Include=\"$repo/src/RunnerHarness.Xunit.v3/RunnerHarness.Xunit.v3.csproj\" />" \
    "<Import Project=\"$repo/build/RunnerHarness.Xunit.v3.props\" />" "<Import Project=\"$repo/build/RunnerHarness.Xunit.v3.targets\" />"
}

# The same v3 project without RunnerHarness: plain xUnit v3 under RUNNER, the v3 anchor.
#
#   write_plain_v3_test_project DIR NAME [RUNNER=vstest]
write_plain_v3_test_project() {
  local references
  references="$(xunit_references "${3:-vstest}")" || return 1
  write_project "$1" "$2" "<OutputType>Exe</OutputType>" "$references"
}
