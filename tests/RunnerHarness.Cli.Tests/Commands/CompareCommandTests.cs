using System.Text.Json;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Tests.Commands;

public abstract class CompareCommandTests(StorageFormat format)
{
    /// <summary>The format the store under test is sealed in.</summary>
    protected StorageFormat Format { get; } = format;

    [Fact]
    public void Compare_RunsWithRegression_FailOnRegressionExitsGateFailed()
    {
        using var cli = new CliRun(Format);

        var (code, output, error) = cli.Run("compare", "run-1", "run-2", "--store", cli.Store, "--group-by", "model", "--fail-on-regression", "--unpaired");

        Assert.Equal(ExitCodes.GateFailed, code);
        Assert.Contains("REGRESSION", output, StringComparison.Ordinal);
        Assert.Contains("gate failed: regression", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_RunsWithRegression_WithoutGateReportsItAndExitsSuccess()
    {
        using var cli = new CliRun(Format);

        var (code, output, error) = cli.Run("compare", "run:run-1", "run:run-2", "--store", cli.Store, "--group-by", "model", "--unpaired");

        Assert.Equal(ExitCodes.Success, code);
        var beta = Assert.Single(output.Split('\n'), line => line.Contains("beta", StringComparison.Ordinal) && line.Contains("REGRESSION", StringComparison.Ordinal));
        Assert.DoesNotContain("alpha", beta, StringComparison.Ordinal);
        Assert.DoesNotContain("gate failed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_Json_FlagsOnlyTheModelThatGotWorse()
    {
        using var cli = new CliRun(Format);

        var (_, output, _) = cli.Run("compare", "run-1", "run-2", "--store", cli.Store, "--group-by", "model", "--json", "--unpaired");

        var root = JsonDocument.Parse(output).RootElement;
        var cells = root.GetProperty("cells").EnumerateArray().ToDictionary(c => c.GetProperty("key").GetProperty("model").GetString()!);
        Assert.True(cells["beta"].GetProperty("regression").GetBoolean());
        Assert.False(cells["alpha"].GetProperty("regression").GetBoolean());
        Assert.True(cells["beta"].GetProperty("p_value").GetDouble() < 0.05);
        Assert.True(root.GetProperty("has_regression").GetBoolean());
    }

    [Fact]
    public void Compare_TimeRanges_SameAsRuns()
    {
        using var cli = new CliRun(Format);

        var (_, byRun, _) = cli.Run("compare", "run-1", "run-2", "--store", cli.Store, "--json");
        var (_, byRange, _) = cli.Run("compare", "range:..2025-08-08", "range:2025-08-08..", "--store", cli.Store, "--json");

        static JsonElement Overall(string json) => JsonDocument.Parse(json).RootElement.GetProperty("overall");
        Assert.Equal(Overall(byRun).GetProperty("p_value").GetDouble(), Overall(byRange).GetProperty("p_value").GetDouble());
    }

    [Fact]
    public void Compare_Models_LeavesModelOutOfCells()
    {
        using var cli = new CliRun(Format);

        var (code, output, _) = cli.Run("compare", "model:alpha", "model:beta", "--store", cli.Store, "--json");

        Assert.Equal(ExitCodes.Success, code);
        var root = JsonDocument.Parse(output).RootElement;
        // The default grouping without model, from its definition: not an empty or unrelated list that merely lacks it.
        Assert.Equal(CumulativeGrouping.Default.Where(d => d != RecordColumns.Model), root.GetProperty("dimensions").EnumerateArray().Select(d => d.GetString()));
        var cells = root.GetProperty("cells").EnumerateArray().ToList();
        Assert.NotEmpty(cells);
        Assert.All(cells, cell => Assert.False(cell.GetProperty("key").TryGetProperty(RecordColumns.Model, out _)));
    }

    [Fact]
    public void Compare_MinSuccessRateAboveCandidate_ExitsGateFailed()
    {
        using var cli = new CliRun(Format);

        var (pass, _, _) = cli.Run("compare", "run-1", "run-2", "--store", cli.Store, "--min-success-rate", "30%");
        var (fail, _, error) = cli.Run("compare", "run-1", "run-2", "--store", cli.Store, "--min-success-rate", "0.9");

        Assert.Equal(ExitCodes.Success, pass);
        Assert.Equal(ExitCodes.GateFailed, fail);
        Assert.Contains("below 90.0%", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_UnknownRun_ExitsNoData()
    {
        using var cli = new CliRun(Format);

        var (code, _, error) = cli.Run("compare", "run-1", "run-9", "--store", cli.Store);

        Assert.Equal(ExitCodes.NoData, code);
        Assert.Contains("run run-9", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_MalformedSide_ExitsUsageErrorNamingTheSideAndWhatIsValid()
    {
        using var cli = new CliRun(Format);

        var (code, _, error) = cli.Run("compare", "range:2025-08-01", "run-2", "--store", cli.Store);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("The baseline 'range:2025-08-01' is not run:ID, model:NAME or range:FROM..TO", error, StringComparison.Ordinal);
    }

    /// <summary>The commands on a JSON Lines store.</summary>
    public sealed class JsonLines() : CompareCommandTests(StorageFormat.Json);

    /// <summary>The commands on a Parquet store, whose reader reads only the projected columns: a command that under-declares its projection fails here.</summary>
    public sealed class Parquet() : CompareCommandTests(StorageFormat.Parquet);
}
