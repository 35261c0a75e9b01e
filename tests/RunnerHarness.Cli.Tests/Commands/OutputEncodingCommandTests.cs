using RunnerHarness.Tests.Reporting;

namespace RunnerHarness.Cli.Tests.Commands;

/// <summary>Values from records reach every output encoded for it: CSV cannot run formulas, Markdown cannot restyle, a console cannot be sent escapes, a dataset cannot be written outside its folder.</summary>
public class OutputEncodingCommandTests
{
    private const string FormulaModel = "=HYPERLINK(\"http://127.0.0.1/x\",\"alpha\")";
    private const string EscapeModel = "alpha\u001b[2J\u001b[31m*bold* [link](x) `code`\r\nforged line";

    [Fact]
    public void ExportCsv_ModelNameThatIsAFormula_IsNeutralisedWithAnApostrophe()
    {
        using var cli = new CliRun(SampleRecords.All(FormulaModel));
        var output = Path.Combine(cli.Directory, "records.csv");

        var (code, _, error) = cli.Run("export", "--store", cli.Store, "--format", "csv", "--output", output);

        Assert.True(code == ExitCodes.Success, error);
        var text = File.ReadAllText(output);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://127.0.0.1/x\"\",\"\"alpha\"\")\",", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=HYPERLINK", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportCsv_GroupNameThatIsAFormula_IsNeutralised()
    {
        using var cli = new CliRun(SampleRecords.All("@SUM(A1:A9)"));

        var (code, output, _) = cli.Run("report", "--store", cli.Store, "--format", "csv", "--group-by", "model");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("'@SUM(A1:A9)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\n@SUM", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportMarkdown_ModelNameWithEscapesAndMarks_IsEscapedAndShown()
    {
        using var cli = new CliRun(SampleRecords.All(EscapeModel));

        var (code, output, _) = cli.Run("report", "--store", cli.Store, "--format", "markdown", "--group-by", "model");

        Assert.Equal(ExitCodes.Success, code);
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain("forged line\n", output, StringComparison.Ordinal);
        // Control characters are made visible first (\x1b), then Markdown escapes every mark, the backslash included.
        Assert.Contains(@"alpha\\x1b\[2J\\x1b\[31m\*bold\* \[link\](x) \`code\`", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportConsole_ModelNameWithAnAnsiEscape_IsShownNotSent()
    {
        using var cli = new CliRun(SampleRecords.All(EscapeModel));

        var (code, output, _) = cli.Run("report", "--store", cli.Store, "--group-by", "model");

        Assert.Equal(ExitCodes.Success, code);
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\r', output);
        Assert.Contains("alpha\\x1b[2J\\x1b[31m", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("/tmp/outside")]
    [InlineData("..")]
    public void ExportPartitionBy_NameThatIsAPath_IsAUsageErrorAndWritesNothing(string column)
    {
        using var cli = new CliRun();
        var dataset = Path.Combine(cli.Directory, "dataset");

        var (code, _, error) = cli.Run("export", "--store", cli.Store, "--format", "jsonl", "--partition-by", column, "--output", dataset);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("cannot name partition folders", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataset));
        Assert.Equal(["store"], Directory.EnumerateFileSystemEntries(cli.Directory).Select(Path.GetFileName));
    }
}
