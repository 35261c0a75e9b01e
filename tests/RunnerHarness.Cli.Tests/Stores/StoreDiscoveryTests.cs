using System.Text.Json;
using RunnerHarness.Tests.Reporting;

namespace RunnerHarness.Cli.Tests.Stores;

/// <summary>How reading commands find a store nobody named: the way `dotnet test` leaves it, below the current folder.</summary>
public class StoreDiscoveryTests
{
    [Fact]
    public void Report_NoStoreNamed_ReadsTheTestProjectsDefaultStoreBelow()
    {
        using var cli = new CliRun(storePath: "samples/WorkflowBench/runner-harness-store");
        File.WriteAllText(Path.Combine(cli.Directory, "samples/WorkflowBench/WorkflowBench.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />");

        var (code, output, error) = cli.Run("report", "--json");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(80, JsonDocument.Parse(output).RootElement.GetProperty("totals").GetProperty("records").GetInt64());
        Assert.Contains("note: reading samples/WorkflowBench/runner-harness-store, the only store below <dir>", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_SeveralStoresBelow_ListsThemAndExitsStoreUnavailable()
    {
        using var cli = new CliRun(storePath: "a/runner-harness-store");
        CliRun.WriteStore(Path.Combine(cli.Directory, "b", "results"), SampleRecords.All().Take(3));

        var (code, output, error) = cli.Run("report");

        Assert.Equal(ExitCodes.StoreUnavailable, code);
        Assert.Empty(output);
        Assert.Contains("2 stores are below it: a/runner-harness-store, b/results. Pass --store DIR", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_NoStoreAnywhere_SaysWhereItLooked()
    {
        // Build output is not searched: a store copied into bin/ is not the user's store.
        using var cli = new CliRun(storePath: "bin/Debug/runner-harness-store");

        var (code, _, error) = cli.Run("report");

        Assert.Equal(ExitCodes.StoreUnavailable, code);
        Assert.Contains("--store is absent, $RUNNER_HARNESS_STORE is unset and ./runner-harness-store does not exist in <dir>", error, StringComparison.Ordinal);
        Assert.Contains("no store was found below it (searched 6 levels, skipping bin, obj and hidden folders)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_LocalDefaultStoreAndOthersBelow_ReadsTheLocalOneAndNamesTheOthers()
    {
        using var cli = new CliRun(storePath: "runner-harness-store");
        CliRun.WriteStore(Path.Combine(cli.Directory, "tests", "Batch", "runner-harness-store"), SampleRecords.All().Take(3));

        var (code, output, error) = cli.Run("report", "--json");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(80, JsonDocument.Parse(output).RootElement.GetProperty("totals").GetProperty("records").GetInt64());
        Assert.Contains("note: reading ./runner-harness-store; other stores below <dir>: tests/Batch/runner-harness-store", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_NoStoreNamed_UsesTheSameDiscoveryAsReport()
    {
        using var cli = new CliRun(storePath: "tests/Batch/runner-harness-store");

        var (code, _, error) = cli.Run("verify");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("note: reading tests/Batch/runner-harness-store", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_StoreNamedByOption_IsNotSearchedFor()
    {
        using var cli = new CliRun(storePath: "tests/Batch/runner-harness-store");

        var (code, _, error) = cli.Run("report", "--store", "elsewhere");

        Assert.Equal(ExitCodes.StoreUnavailable, code);
        Assert.Contains("The store <dir>/elsewhere does not exist", error, StringComparison.Ordinal);
    }
}
