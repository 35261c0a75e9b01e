using System.Text.Json;

namespace RunnerHarness.Cli.Tests.Commands;

public class ProgressCommandTests
{
    [Fact]
    public void Progress_Target_CountsModelResultsOnly()
    {
        using var cli = new CliRun();

        var (code, output, _) = cli.Run("progress", "--store", cli.Store, "--target", "12", "--group-by", "model,prompt_type", "--json");

        Assert.Equal(ExitCodes.Success, code);
        var cells = JsonDocument.Parse(output).RootElement.GetProperty("by_cell").EnumerateArray()
            .ToDictionary(c => c.GetProperty("key").GetProperty("model").GetString() + "/" + c.GetProperty("key").GetProperty("prompt_type").GetString());

        // Samples are identified by sample_index 0-4 within model/prompt/difficulty... but here cells are model/prompt, so
        // indices from both difficulties and both runs collapse onto 0-4: 5 distinct samples held.
        Assert.Equal(5, cells["alpha/baseline"].GetProperty("held").GetInt64());
        Assert.Equal(7, cells["alpha/baseline"].GetProperty("to_run").GetInt64());

        // beta/baseline: sample 3 of the easy cell is a rate-limited failure in both runs, but sample 3 of hard counts.
        Assert.Equal(2, cells["beta/baseline"].GetProperty("not_counted").GetInt64());
    }

    [Fact]
    public void Progress_FullCells_SkippedAndInfrastructureNeedRerun()
    {
        using var cli = new CliRun();

        var (_, output, _) = cli.Run("progress", "--store", cli.Store, "--target", "5", "--run", "run-1", "--json");

        var cells = JsonDocument.Parse(output).RootElement.GetProperty("by_cell").EnumerateArray().ToArray();
        var incomplete = cells.Where(c => c.GetProperty("to_run").GetInt64() > 0).ToArray();
        Assert.Equal(8, cells.Length);
        Assert.Equal(2, incomplete.Length); // alpha/cot/hard lost sample 4 (skipped), beta/baseline/easy sample 3 (rate limited)
        Assert.All(incomplete, c => Assert.Equal(1, c.GetProperty("missing_sample_indices").GetArrayLength()));
    }

    [Fact]
    public void Progress_ExpectNewModel_ShowsItsCellsEmpty()
    {
        using var cli = new CliRun();

        var (code, output, _) = cli.Run("progress", "--store", cli.Store, "--target", "2", "--group-by", "model", "--expect", "model=alpha,gamma", "--fail-if-incomplete");

        Assert.Equal(ExitCodes.GateFailed, code);
        Assert.Contains("gamma", output, StringComparison.Ordinal);
        Assert.Contains("a top-up run would execute 2 samples in 1 cells", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_MissingTarget_ExitsUsageError()
    {
        using var cli = new CliRun();

        Assert.Equal(ExitCodes.UsageError, cli.Run("progress", "--store", cli.Store).ExitCode);
    }
}
