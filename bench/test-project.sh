# Sourced by the bench scripts: writes a test project that uses the xUnit extension built from this repository,
# outside the repository's props, central package versions and analyzers (as a user's project would be).
#
#   write_test_project DIR NAME REPO [EXTRA_PROPERTY_XML]
write_test_project() {
  local dir="$1" name="$2" repo="$3" extra="${4:-}"
  mkdir -p "$dir"
  cat > "$dir/$name.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <Import Project="$repo/build/RunnerHarness.Xunit.props" />
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <IsTestProject>true</IsTestProject>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    $extra
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
  echo '<Project />' > "$dir/Directory.Build.props"
  echo '<Project />' > "$dir/Directory.Packages.props"
}

# The same project without RunnerHarness: plain xUnit v2, the anchor a bench compares against in the same run.
#
#   write_plain_test_project DIR NAME
write_plain_test_project() {
  local dir="$1" name="$2"
  mkdir -p "$dir"
  cat > "$dir/$name.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <IsTestProject>true</IsTestProject>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" />
    <PackageReference Include="xunit" Version="2.9.3" />
    <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
  </ItemGroup>
</Project>
PROJECT
  echo '<Project />' > "$dir/Directory.Build.props"
  echo '<Project />' > "$dir/Directory.Packages.props"
}

# The xUnit packages of a v3 test project for RUNNER: vstest (xunit.v3.mtp-off, xunit.runner.visualstudio,
# Microsoft.NET.Test.Sdk) or mtp (xunit.v3 4.x, which runs under Microsoft.Testing.Platform; `dotnet test` needs a
# global.json naming that runner above the project). docs/xunit-v3.md has both routes.
v3_references() {
  case "$1" in
    vstest) printf '%s\n    %s\n    %s' '<PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" />' \
              '<PackageReference Include="xunit.v3.mtp-off" Version="4.0.3" />' \
              '<PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />' ;;
    mtp) printf '%s' '<PackageReference Include="xunit.v3" Version="4.0.3" />' ;;
    *) echo "v3_references: unknown runner '$1' (valid: vstest, mtp)" >&2; return 1 ;;
  esac
}

# The xUnit v3 form of write_test_project, using RunnerHarness.Xunit.v3 built from this repository, under RUNNER.
#
#   write_v3_test_project DIR NAME REPO [RUNNER=vstest]
write_v3_test_project() {
  local dir="$1" name="$2" repo="$3" references
  references="$(v3_references "${4:-vstest}")"
  mkdir -p "$dir"
  cat > "$dir/$name.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <Import Project="$repo/build/RunnerHarness.Xunit.v3.props" />
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <OutputType>Exe</OutputType>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <IsTestProject>true</IsTestProject>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    $references
    <ProjectReference Include="$repo/src/RunnerHarness.Xunit.v3/RunnerHarness.Xunit.v3.csproj" />
  </ItemGroup>
  <Import Project="$repo/build/RunnerHarness.Xunit.v3.targets" />
</Project>
PROJECT
  echo '<Project />' > "$dir/Directory.Build.props"
  echo '<Project />' > "$dir/Directory.Packages.props"
}

# The same v3 project without RunnerHarness: plain xUnit v3 under RUNNER, the v3 anchor.
#
#   write_plain_v3_test_project DIR NAME [RUNNER=vstest]
write_plain_v3_test_project() {
  local dir="$1" name="$2" references
  references="$(v3_references "${3:-vstest}")"
  mkdir -p "$dir"
  cat > "$dir/$name.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <OutputType>Exe</OutputType>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <IsTestProject>true</IsTestProject>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    $references
  </ItemGroup>
</Project>
PROJECT
  echo '<Project />' > "$dir/Directory.Build.props"
  echo '<Project />' > "$dir/Directory.Packages.props"
}
