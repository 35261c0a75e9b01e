using RunnerHarness.Store;
using System.ComponentModel;
using System.Text.Json;
using RunnerHarness.Cli.Rendering;
using RunnerHarness.Tests.Reporting;
using Snapshooter.Xunit;

namespace RunnerHarness.Cli.Tests.Commands;

public abstract class ReportCommandTests(StorageFormat format)
{
    /// <summary>The format the store under test is sealed in.</summary>
    protected StorageFormat Format { get; } = format;

    [Fact]
    public void Report_PlainConsole_MatchesSnapshot()
    {
        using var cli = new CliRun(Format);

        var (code, output, _) = cli.Run("report", "--store", cli.Store, "--group-by", "model,prompt_type");

        Assert.Equal(ExitCodes.Success, code);
        Snapshot.Match(output);
    }

    [Fact]
    public void Report_PlainConsoleSummary_MatchesSnapshot()
    {
        using var cli = new CliRun(Format);

        var (code, output, _) = cli.Run("report", "--store", cli.Store);

        Assert.Equal(ExitCodes.Success, code);
        Snapshot.Match(output);
    }

    [Fact]
    public void Report_DefaultConsole_FitsHundredColumnsEvenWithLongModelNames()
    {
        using var cli = new CliRun(SampleRecords.All(alphaName: "anthropic/claude-3-5-sonnet-20241022-with-a-very-long-deployment-name"), Format);

        var (code, output, _) = cli.Run("report", "--store", cli.Store);

        Assert.Equal(ExitCodes.Success, code);
        var lines = output.Split('\n');
        Assert.All(lines.Where(l => !l.StartsWith("Store: ", StringComparison.Ordinal)), l => Assert.True(l.Length <= ReportConsoleRenderer.SummaryWidth, $"{l.Length} columns: {l}"));
        Assert.Contains(lines, l => l.StartsWith("anthropic/claude-3-5-sonnet-", StringComparison.Ordinal) && l.Contains("...", StringComparison.Ordinal));
        Assert.DoesNotContain("Prompt type", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_Detail_GivesTheFullTableOfTheDefaultGrouping()
    {
        using var cli = new CliRun(Format);

        var (code, output, _) = cli.Run("report", "--store", cli.Store, "--detail");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Model  Prompt type  Tool success rate  Difficulty  Task type ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("by model x difficulty", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_RichConsoleSummary_ColoursRatesAndFitsHundredColumns()
    {
        using var cli = new CliRun(Format) { Width = 100, Colours = true };

        var (code, output, _) = cli.Run(plain: false, "report", "--store", cli.Store);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("\u001b[91m", output, StringComparison.Ordinal); // red: beta's hard cell is below 50%
        Assert.Contains("\u001b[93m", output, StringComparison.Ordinal); // yellow: alpha's 68.4% overall
        var visible = System.Text.RegularExpressions.Regex.Replace(output, "\u001b\\[[0-9;]*m", string.Empty);
        Assert.All(visible.Split('\n'), l => Assert.True(l.Length <= 100, $"{l.Length} columns: {l}"));
        Assert.Contains("Success rate (results) by model x difficulty", visible, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_Open_WritesTheHtmlReportAndOpensIt()
    {
        using var cli = new CliRun(Format);

        var (code, output, error) = cli.Run("report", "--store", cli.Store, "--open");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(output);
        var opened = Assert.Single(cli.Opened);
        try
        {
            Assert.Equal("store-20250815-093000.html", Path.GetFileName(opened));
            Assert.StartsWith(Path.Combine(Path.GetTempPath(), "runner-harness-report-"), opened, StringComparison.Ordinal);
            Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(opened), StringComparison.Ordinal);
            Assert.Contains($"Wrote the html report (80 records, 8 groups) to {opened}", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(opened)!, recursive: true);
        }
    }

    [Fact]
    public void Report_OpenWithOutput_OpensThatFile()
    {
        using var cli = new CliRun(Format);
        var path = Path.Combine(cli.Directory, "eval.html");

        var (code, _, _) = cli.Run("report", "--store", cli.Store, "--open", "--output", "eval.html");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal([path], cli.Opened);
        Assert.Contains("id=\"heatmap\"", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_OpenWithoutBrowser_KeepsTheFileAndExitsOutputError()
    {
        using var cli = new CliRun(Format) { OpenFile = _ => throw new Win32Exception(2, "No such file or directory: xdg-open") };
        var path = Path.Combine(cli.Directory, "eval.html");

        var (code, _, error) = cli.Run("report", "--store", cli.Store, "--open", "--output", path);

        Assert.Equal(ExitCodes.OutputError, code);
        Assert.True(File.Exists(path));
        Assert.Contains("The report is at <dir>/eval.html, but no browser could be opened for it: No such file or directory: xdg-open", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--json")]
    [InlineData("--format", "markdown")]
    public void Report_OpenWithAnotherFormat_ExitsUsageError(params string[] format)
    {
        using var cli = new CliRun(Format);

        var (code, _, error) = cli.Run(["report", "--store", cli.Store, "--open", .. format]);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--open opens an HTML report", error, StringComparison.Ordinal);
        Assert.Empty(cli.Opened);
    }

    [Fact]
    public void Report_Markdown_MatchesSnapshot()
    {
        using var cli = new CliRun(Format);

        var (code, output, _) = cli.Run("report", "--store", cli.Store, "--format", "markdown", "--group-by", "model,difficulty", "--run", "run-1");

        Assert.Equal(ExitCodes.Success, code);
        Snapshot.Match(output);
    }

    [Fact]
    public void Report_Csv_MatchesSnapshot()
    {
        using var cli = new CliRun(Format);

        var (code, output, _) = cli.Run("report", "--store", cli.Store, "--format", "csv", "--group-by", "prompt_type");

        Assert.Equal(ExitCodes.Success, code);
        Snapshot.Match(output);
    }

    [Fact]
    public void Report_Json_HasTotalsAndGroupsOfTheDefaultGrouping()
    {
        using var cli = new CliRun(Format);

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
        using var cli = new CliRun(Format);

        var (_, output, _) = cli.Run("report", "--store", cli.Store, "--json", "--model", "beta", "--where", "prompt_type=cot", "--since", "2025-08-08");

        var totals = JsonDocument.Parse(output).RootElement.GetProperty("totals");
        Assert.Equal(10, totals.GetProperty("records").GetInt64()); // beta, cot, run-2 (finished from 2025-08-08): 2 difficulties x 5 samples
    }

    [Theory]
    [InlineData("--tool-success-rate", "0.80", 80)]
    [InlineData("--tool-success-rate", "80%", 80)]
    [InlineData("--where", "tool_success_rate=0.800", 80)]
    [InlineData("--tool-success-rate", "0.5", 0)]
    public void Report_NumberAxisFilter_MatchesTheStoredRateWhateverItsSpelling(string option, string value, long records)
    {
        using var cli = new CliRun(Format);

        var (code, output, _) = cli.Run("report", "--store", cli.Store, "--json", option, value);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(records, JsonDocument.Parse(output).RootElement.GetProperty("totals").GetProperty("records").GetInt64()); // every sample record has rate 0.8
    }

    [Fact]
    public void Report_NumberAxisFilterNotANumber_ExitsUsageErrorNamingTheAxisAndValue()
    {
        using var cli = new CliRun(Format);

        var (code, _, error) = cli.Run("report", "--store", cli.Store, "--where", "tool_success_rate=high");

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("tool_success_rate 'high' is not a number; the tool success rates are numbers", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_StoreFromEnvironment_IsUsedWithoutOption()
    {
        using var cli = new CliRun(Format);
        cli.Environment["RUNNER_HARNESS_STORE"] = cli.Store;

        var (code, output, _) = cli.Run("report", "--json");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("<store>", JsonDocument.Parse(output).RootElement.GetProperty("source").GetString());
    }

    [Fact]
    public void Report_MissingStore_ExitsStoreUnavailable()
    {
        using var cli = new CliRun(Format);

        var (code, _, error) = cli.Run("report", "--store", Path.Combine(cli.Directory, "nope"));

        Assert.Equal(ExitCodes.StoreUnavailable, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--where", "no-equals")]
    [InlineData("--since", "yesterday-ish")]
    [InlineData("--format", "pdf")]
    [InlineData("--unknown", "x")]
    public void Report_BadOption_ExitsUsageErrorNamingTheOptionAndTheValue(string option, string value)
    {
        using var cli = new CliRun(Format);

        var (code, _, error) = cli.Run("report", "--store", cli.Store, option, value);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains(option, error, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_OutputWithHtmlExtension_WritesSelfContainedPage()
    {
        using var cli = new CliRun(Format);
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
        using var cli = new CliRun(Format);

        var (code, _, error) = cli.Run("report", "--store", cli.Store, "--group-by", "modle");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("no record has the dimension 'modle'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_RichConsole_RendersTable()
    {
        using var cli = new CliRun(Format);

        var (code, output, _) = cli.Run(plain: false, "report", "--store", cli.Store, "--group-by", "model");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("╭", output, StringComparison.Ordinal);
        Assert.Contains("alpha", output, StringComparison.Ordinal);
    }

    /// <summary>The commands on a JSON Lines store.</summary>
    public sealed class JsonLines() : ReportCommandTests(StorageFormat.Json);

    /// <summary>The commands on a Parquet store, whose reader reads only the projected columns: a command that under-declares its projection fails here.</summary>
    public sealed class Parquet() : ReportCommandTests(StorageFormat.Parquet);
}
