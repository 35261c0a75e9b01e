using RunnerHarness.Store;
using RunnerHarness.Tests.Reporting;

namespace RunnerHarness.Cli.Tests.Commands;

/// <summary>Values from records reach every output encoded for it: CSV cannot run formulas, Markdown cannot restyle, a console cannot be sent escapes, a dataset cannot be written outside its folder.</summary>
public abstract class OutputEncodingCommandTests(StorageFormat format)
{
    /// <summary>The format the store under test is sealed in.</summary>
    protected StorageFormat Format { get; } = format;

    private const string FormulaModel = "=HYPERLINK(\"http://127.0.0.1/x\",\"alpha\")";
    private const string EscapeModel = "alpha\u001b[2J\u001b[31m*bold* [link](x) `code`\r\nforged line";

    [Fact]
    public void ExportCsv_ModelNameThatIsAFormula_IsNeutralisedWithAnApostrophe()
    {
        using var cli = new CliRun(SampleRecords.All(FormulaModel), Format);
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
        using var cli = new CliRun(SampleRecords.All("@SUM(A1:A9)"), Format);

        var (code, output, _) = cli.Run("report", "--store", cli.Store, "--format", "csv", "--group-by", "model");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("'@SUM(A1:A9)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\n@SUM", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportMarkdown_ModelNameWithEscapesAndMarks_IsEscapedAndShown()
    {
        using var cli = new CliRun(SampleRecords.All(EscapeModel), Format);

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
        using var cli = new CliRun(SampleRecords.All(EscapeModel), Format);

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
        using var cli = new CliRun(Format);
        var dataset = Path.Combine(cli.Directory, "dataset");

        var (code, _, error) = cli.Run("export", "--store", cli.Store, "--format", "jsonl", "--partition-by", column, "--output", dataset);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("cannot name partition folders", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataset));
        Assert.Equal(["store"], Directory.EnumerateFileSystemEntries(cli.Directory).Select(Path.GetFileName));
    }

    /// <summary>The commands on a JSON Lines store.</summary>
    public sealed class JsonLines() : OutputEncodingCommandTests(StorageFormat.Json);

    /// <summary>The commands on a Parquet store, whose reader reads only the projected columns: a command that under-declares its projection fails here.</summary>
    public sealed class Parquet() : OutputEncodingCommandTests(StorageFormat.Parquet);
}
