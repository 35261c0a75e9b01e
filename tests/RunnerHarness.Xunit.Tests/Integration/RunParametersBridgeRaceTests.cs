using RunnerHarness.Tests;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>
/// Two `dotnet test` runs of one project at once, each with its own TestRunParameters: each records where its own
/// parameters say. The fixture makes them meet twice (RECORDING_FIXTURE_MEETING): after both runs' targets have bridged
/// their parameters, and after both test hosts have read them.
/// </summary>
[Collection(FixtureRuns.Name)]
public sealed class RunParametersBridgeRaceTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task TwoDotnetTestRunsAtOnce_DifferentRunSettingsParameters_EachRecordsWhereItsOwnSay()
    {
        var meeting = Path.Combine(_directory.Path, "meeting");
        var environment = new Dictionary<string, string> { ["RECORDING_FIXTURE_MEETING"] = meeting };
        var jsonStore = Path.Combine(_directory.Path, "json-store");
        var parquetStore = Path.Combine(_directory.Path, "parquet-store");

        // One run's parameters on the command line, the other's in a runsettings file: the two routes of the bridge.
        var settings = Path.Combine(_directory.Path, "parquet.runsettings");
        File.WriteAllText(settings, $"""
            <RunSettings><TestRunParameters>
              <Parameter name="StorageFormat" value="parquet" /><Parameter name="StorePath" value="{parquetStore}" />
            </TestRunParameters></RunSettings>
            """);
        List<string> filter = ["--filter", "FullyQualifiedName=RecordingFixture.RunParametersMeeting.BothRunsHaveReadTheirParameters"];
        var jsonRun = Task.Run(() => ChildProcess.DotnetTest(
            FixtureProjects.Recording,
            [.. filter, "--", "TestRunParameters.Parameter(name=\"StorageFormat\", value=\"json\")", $"TestRunParameters.Parameter(name=\"StorePath\", value=\"{jsonStore}\")"],
            environment));
        var parquetRun = Task.Run(() => ChildProcess.DotnetTest(FixtureProjects.Recording, [.. filter, "--settings", settings], environment));
        var runs = await Task.WhenAll(jsonRun, parquetRun);

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.Output));
        AssertSettings($"format json (from runsettings parameter StorageFormat), store {jsonStore} (from ", runs[0]);
        AssertSettings($"format parquet (from runsettings parameter StorageFormat), store {parquetStore} (from ", runs[1]);
        Assert.Equal("BothRunsHaveReadTheirParameters", Assert.Single(StoreContents.Read(jsonStore)).TestMethod);
        Assert.Equal([".jsonl"], StoreContents.DataExtensions(jsonStore));
        Assert.Equal("BothRunsHaveReadTheirParameters", Assert.Single(StoreContents.Read(parquetStore)).TestMethod);
        Assert.Equal([".parquet"], StoreContents.DataExtensions(parquetStore));
    }

    // The whole settings line in the message: which format and store the run took instead, and from where.
    private static void AssertSettings(string expected, ProcessResult run)
    {
        var said = run.Output.Split('\n').Where(l => l.Contains(" (from ", StringComparison.Ordinal)).Select(l => l.Trim());
        Assert.True(run.Output.Contains(expected, StringComparison.Ordinal), $"expected \"{expected}\" in the run's settings line; it said:\n{string.Join('\n', said)}");
    }
}
