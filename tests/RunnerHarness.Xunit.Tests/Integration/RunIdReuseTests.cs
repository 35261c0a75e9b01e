using RunnerHarness.Tests;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>A run id given explicitly to `dotnet test` that the store already holds records of is refused unless the run is continued.</summary>
[Collection(FixtureRuns.Name)]
public sealed class RunIdReuseTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void DotnetTest_ReusedRunId_IsRefusedUntilContinueRunIsSet()
    {
        var store = Path.Combine(_directory.Path, "store");
        var environment = new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = store, ["RUNNER_HARNESS_RUN_ID"] = "nightly-2026-12-06" };
        string[] filter = ["--filter", "FullyQualifiedName~FactTests"];
        FixtureProjects.TestRecordingAssembly(filter, environment);
        var first = StoreContents.Read(store).Count;
        Assert.True(first > 0);

        var again = FixtureProjects.TestRecordingAssembly(filter, environment);

        Assert.Equal(first, StoreContents.Read(store, includeLiveLogs: true).Count);
        Assert.Contains($"the run id 'nightly-2026-12-06' (from environment variable RUNNER_HARNESS_RUN_ID) already has {first} records of RecordingFixture", again.Output, StringComparison.Ordinal);
        Assert.Contains("RUNNER_HARNESS_CONTINUE_RUN=true", again.Output, StringComparison.Ordinal);

        var continued = FixtureProjects.TestRecordingAssembly(filter, new Dictionary<string, string>(environment) { ["RUNNER_HARNESS_CONTINUE_RUN"] = "true" });

        Assert.Equal(2 * first, StoreContents.Read(store).Count);
        Assert.DoesNotContain("already has", continued.Output, StringComparison.Ordinal);
    }
}
