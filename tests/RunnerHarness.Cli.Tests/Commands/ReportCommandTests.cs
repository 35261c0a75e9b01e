using System.Text.Json;
using Snapshooter.Xunit;

namespace RunnerHarness.Cli.Tests.Commands;

public class ReportCommandTests
{
    [Fact]
    public void Report_PlainConsole_MatchesSnapshot()
    {
        using var cli = new CliRun();

        var (code, output, _) = cli.Run("report", "--store", cli.Store, "--group-by", "model,prompt_type");

        Assert.Equal(ExitCodes.Success, code);
        Snapshot.Match(output);
    }

    [Fact]
    public void Report_Markdown_MatchesSnapshot()
    {
        using var cli = new CliRun();

        var (code, output, _) = cli.Run("report", "--store", cli.Store, "--format", "markdown", "--group-by", "model,difficulty", "--run", "run-1");

        Assert.Equal(ExitCodes.Success, code);
        Snapshot.Match(output);
    }

    [Fact]
    public void Report_Csv_MatchesSnapshot()
    {
        using var cli = new CliRun();

        var (code, output, _) = cli.Run("report", "--store", cli.Store, "--format", "csv", "--group-by", "prompt_type");

        Assert.Equal(ExitCodes.Success, code);
        Snapshot.Match(output);
    }

    [Fact]
    public void Report_Json_HasTotalsAndGroupsOfTheDefaultGrouping()
    {
        using var cli = new CliRun();

        var (code, output, _) = cli.Run("report", "--store", cli.Store, "--json");

        Assert.Equal(ExitCodes.Success, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(80, root.GetProperty("totals").GetProperty("records").GetInt64());
        Assert.Equal(76, root.GetProperty("totals").GetProperty("total").GetInt64());
        Assert.Equal(["model", "prompt_type", "tool_success_rate", "difficulty", "task_type"], root.GetProperty("dimensions").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(8, root.GetProperty("groups").GetArrayLength());
    }

    [Fact]
    public void Report_Filters_SelectRecords()
    {
        using var cli = new CliRun();

        var (_, output, _) = cli.Run("report", "--store", cli.Store, "--json", "--model", "beta", "--where", "prompt_type=cot", "--since", "2025-08-08");

        var totals = JsonDocument.Parse(output).RootElement.GetProperty("totals");
        Assert.Equal(10, totals.GetProperty("records").GetInt64()); // beta, cot, run-2 (finished from 2025-08-08): 2 difficulties x 5 samples
    }

    [Fact]
    public void Report_StoreFromEnvironment_IsUsedWithoutOption()
    {
        using var cli = new CliRun();
        cli.Environment["RUNNER_HARNESS_STORE"] = cli.Store;

        var (code, output, _) = cli.Run("report", "--json");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("<store>", JsonDocument.Parse(output).RootElement.GetProperty("source").GetString());
    }

    [Fact]
    public void Report_MissingStore_ExitsStoreUnavailable()
    {
        using var cli = new CliRun();

        var (code, _, error) = cli.Run("report", "--store", Path.Combine(cli.Directory, "nope"));

        Assert.Equal(ExitCodes.StoreUnavailable, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--where", "no-equals")]
    [InlineData("--since", "yesterday-ish")]
    [InlineData("--format", "pdf")]
    [InlineData("--unknown", "x")]
    public void Report_BadOption_ExitsUsageError(string option, string value)
    {
        using var cli = new CliRun();

        var (code, _, _) = cli.Run("report", "--store", cli.Store, option, value);

        Assert.Equal(ExitCodes.UsageError, code);
    }

    [Fact]
    public void Report_OutputWithHtmlExtension_WritesSelfContainedPage()
    {
        using var cli = new CliRun();
        var path = Path.Combine(cli.Directory, "report.html");

        var (code, _, error) = cli.Run("report", "--store", cli.Store, "--output", path);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("html report", error, StringComparison.Ordinal);
        var html = File.ReadAllText(path);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"heatmap\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_UnknownCustomDimension_Warns()
    {
        using var cli = new CliRun();

        var (code, _, error) = cli.Run("report", "--store", cli.Store, "--group-by", "modle");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("no record has the dimension 'modle'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_RichConsole_RendersTable()
    {
        using var cli = new CliRun();

        var (code, output, _) = cli.Run(plain: false, "report", "--store", cli.Store, "--group-by", "model");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("╭", output, StringComparison.Ordinal);
        Assert.Contains("alpha", output, StringComparison.Ordinal);
    }
}
