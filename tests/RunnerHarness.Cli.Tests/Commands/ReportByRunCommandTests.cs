using RunnerHarness.Tests.Reporting;
using Xunit.Abstractions;

namespace RunnerHarness.Cli.Tests.Commands;

public class ReportByRunCommandTests(ITestOutputHelper log)
{
    [Fact]
    public void ReportByRun_TwoRuns_PrintsEachModelsRatePerRunAndThePairedChange()
    {
        using var cli = new CliRun(SampleRecords.All());

        var (code, output, error) = cli.Run("report", "--store", cli.Store, "--by-run");

        Assert.True(code == ExitCodes.Success, error);
        log.WriteLine(output);
        var lines = output.Split('\n');
        // beta falls from run-1 to run-2; its 4 items (cells, 5 samples each averaged) pair across the runs.
        var betaRun2 = Assert.Single(lines, l => l.StartsWith("beta", StringComparison.Ordinal) && l.Contains("run-2", StringComparison.Ordinal));
        Assert.Contains("sign_flip_permutation", betaRun2, StringComparison.Ordinal);
        Assert.Matches(@"beta\s+run-2\s+2025-08-08T00:4\d:00Z\s+19\s+", betaRun2);
        Assert.Single(lines, l => l.StartsWith("beta", StringComparison.Ordinal) && l.Contains("first run", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => l.StartsWith("alpha", StringComparison.Ordinal)));
        Assert.Contains("adjusted by Benjamini-Hochberg across all changes", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportByRun_Json_GivesEachModelsRunsWithTheChangeTest()
    {
        using var cli = new CliRun(SampleRecords.All());

        var (code, output, error) = cli.Run("report", "--store", cli.Store, "--by-run", "--json");

        Assert.True(code == ExitCodes.Success, error);
        var root = System.Text.Json.JsonDocument.Parse(output).RootElement;
        Assert.Equal("bh", root.GetProperty("adjustment").GetString());
        var beta = root.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("model").GetString() == "beta").GetProperty("runs");
        Assert.Equal(["run-1", "run-2"], beta.EnumerateArray().Select(r => r.GetProperty("run_id").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, beta[0].GetProperty("change").ValueKind);
        Assert.Equal(19, beta[1].GetProperty("results").GetInt64());
        Assert.Equal(4, beta[1].GetProperty("successes").GetInt64());
        var change = beta[1].GetProperty("change");
        Assert.Equal("sign_flip_permutation", change.GetProperty("test").GetString());
        Assert.Equal(4, change.GetProperty("pairs").GetInt32());
        Assert.True(change.GetProperty("difference").GetDouble() < 0);
        Assert.False(change.GetProperty("significant").GetBoolean());
    }

    [Fact]
    public void ReportByRun_WithMarkdown_ExitsUsageErrorNamingBoth()
    {
        using var cli = new CliRun(SampleRecords.All());

        var (code, _, error) = cli.Run("report", "--store", cli.Store, "--by-run", "--format", "markdown");

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("the markdown format has no trends section", error, StringComparison.Ordinal);
    }
}
