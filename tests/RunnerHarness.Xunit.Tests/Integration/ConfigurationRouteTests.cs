using RunnerHarness.Store;
using RunnerHarness.Tests;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>Each route of docs/xunit-extension.md selects the format (and store) of a real `dotnet test` run.</summary>
[Collection(FixtureRuns.Name)]
public sealed class ConfigurationRouteTests : IDisposable
{
    private const string OneTest = "FullyQualifiedName=RecordingFixture.FactTests.Passes";

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string, string> RoutesAndFormats()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in new[] { "environment", "runsettings-environment", "cli-environment", "runsettings-parameter", "project-runsettings-parameter", "cli-parameter" })
        {
            // Mixed case: the format is case-insensitive on every route.
            data.Add(route, "Json");
            data.Add(route, "PARQUET");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RoutesAndFormats))]
    public void DotnetTest_FormatAndStoreFromRoute_RecordsThereAndSaysWhere(string route, string format)
    {
        var store = Path.Combine(_directory.Path, "store");
        var settings = Path.Combine(_directory.Path, "route.runsettings");
        var environment = new Dictionary<string, string>();
        List<string> arguments = ["--filter", OneTest];
        string origin;
        switch (route)
        {
            case "environment":
                environment["STORAGE_FORMAT"] = format;
                environment["RUNNER_HARNESS_STORE"] = store;
                origin = "environment variable STORAGE_FORMAT";
                break;
            case "runsettings-environment":
                File.WriteAllText(settings, $"""
                    <RunSettings><RunConfiguration><EnvironmentVariables>
                      <STORAGE_FORMAT>{format}</STORAGE_FORMAT><RUNNER_HARNESS_STORE>{store}</RUNNER_HARNESS_STORE>
                    </EnvironmentVariables></RunConfiguration></RunSettings>
                    """);
                arguments.AddRange(["--settings", settings]);
                origin = "environment variable STORAGE_FORMAT";
                break;
            case "cli-environment":
                arguments.AddRange(["--", $"RunConfiguration.EnvironmentVariables.STORAGE_FORMAT={format}", $"RunConfiguration.EnvironmentVariables.RUNNER_HARNESS_STORE={store}"]);
                origin = "environment variable STORAGE_FORMAT";
                break;
            case "runsettings-parameter":
                File.WriteAllText(settings, $"""
                    <RunSettings><TestRunParameters>
                      <Parameter name="StorageFormat" value="{format}" /><Parameter name="StorePath" value="{store}" />
                    </TestRunParameters></RunSettings>
                    """);
                arguments.AddRange(["--settings", settings]);
                origin = "runsettings parameter StorageFormat";
                break;
            case "project-runsettings-parameter":
                // A project's RunSettingsFilePath, which VSTest takes when no --settings is given.
                File.WriteAllText(settings, $"""
                    <RunSettings><TestRunParameters>
                      <Parameter name="StorageFormat" value="{format}" /><Parameter name="StorePath" value="{store}" />
                    </TestRunParameters></RunSettings>
                    """);
                arguments.Add($"-p:RunSettingsFilePath={settings}");
                origin = "runsettings parameter StorageFormat";
                break;
            case "cli-parameter":
                arguments.AddRange(["--", $"TestRunParameters.Parameter(name=\"StorageFormat\", value=\"{format}\")", $"TestRunParameters.Parameter(name=\"StorePath\", value=\"{store}\")"]);
                origin = "runsettings parameter StorageFormat";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(route), route, "Unknown route.");
        }

        var run = ChildProcess.DotnetTest(FixtureProjects.Recording, arguments, environment);

        var lowered = format.ToLowerInvariant();
        Assert.Contains($"format {lowered} (from {origin})", run.Output, StringComparison.Ordinal);
        Assert.Contains($"store {store} (from ", run.Output, StringComparison.Ordinal);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Passes", Assert.Single(StoreContents.Read(store)).TestMethod);
        Assert.Equal([StoreContents.ExtensionOf(lowered)], StoreContents.DataExtensions(store));
    }

    [Fact]
    public void DotnetTest_RunSettingsParameterOnCommandLine_OverridesTheSettingsFile()
    {
        var fileStore = Path.Combine(_directory.Path, "file-store");
        var cliStore = Path.Combine(_directory.Path, "cli-store");
        var settings = Path.Combine(_directory.Path, "route.runsettings");
        File.WriteAllText(settings, $"""<RunSettings><TestRunParameters><Parameter name="StorePath" value="{fileStore}" /></TestRunParameters></RunSettings>""");

        var run = ChildProcess.DotnetTest(
            FixtureProjects.Recording,
            ["--filter", OneTest, "--settings", settings, "--", $"TestRunParameters.Parameter(name=\"StorePath\", value=\"{cliStore}\")"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Single(StoreContents.Read(cliStore));
        Assert.False(Directory.Exists(fileStore));
    }

    [Fact]
    public void DotnetTest_MSBuildPropertyInProject_IsTheDefault()
    {
        var store = Path.Combine(Path.GetDirectoryName(FixtureProjects.MSBuildDefaults)!, "bin", "msbuild-store");
        if (Directory.Exists(store))
        {
            Directory.Delete(store, recursive: true);
        }

        var run = ChildProcess.DotnetTest(FixtureProjects.MSBuildDefaults, []);

        Assert.Contains("format parquet (from MSBuild property RunnerHarnessStorageFormat)", run.Output, StringComparison.Ordinal);
        Assert.Contains($"store {store} (from MSBuild property RunnerHarnessStorePath)", run.Output, StringComparison.Ordinal);
        Assert.Equal(0, run.ExitCode);
        Assert.Single(StoreContents.Read(store));
        Assert.Equal([".parquet"], StoreContents.DataExtensions(store));
    }

    [Fact]
    public void DotnetTest_EnvironmentVariableAndMSBuildProperty_EnvironmentWins()
    {
        var store = Path.Combine(_directory.Path, "store");
        var run = ChildProcess.DotnetTest(
            FixtureProjects.MSBuildDefaults, [], new Dictionary<string, string> { ["STORAGE_FORMAT"] = "json", ["RUNNER_HARNESS_STORE"] = store });

        Assert.Contains("format json (from environment variable STORAGE_FORMAT)", run.Output, StringComparison.Ordinal);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal([".jsonl"], StoreContents.DataExtensions(store));
    }

    [Fact]
    public void DotnetTest_BadStorageFormat_FailsEveryTestNamingVariableValueAndValidOnes()
    {
        var store = Path.Combine(_directory.Path, "store");
        var results = Path.Combine(_directory.Path, "results");
        var run = ChildProcess.DotnetTest(
            FixtureProjects.Recording,
            ["--filter", "FullyQualifiedName~FactTests", "--logger", "trx", "--results-directory", results],
            new Dictionary<string, string> { ["STORAGE_FORMAT"] = "xml", ["RUNNER_HARNESS_STORE"] = store });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("environment variable STORAGE_FORMAT has the invalid value 'xml'. Valid values: json, parquet", run.Output, StringComparison.Ordinal);
        var trx = TrxFile.Read(results);
        Assert.Equal(["failed", "skipped"], trx.Select(r => r.Outcome).Distinct().Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(store, "data")));
    }
}
