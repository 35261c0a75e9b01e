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
