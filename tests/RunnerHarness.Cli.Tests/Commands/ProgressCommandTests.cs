using System.Text.Json;
using RunnerHarness.Aggregation;
using RunnerHarness.Matrix;
using RunnerHarness.Planning;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Tests;

namespace RunnerHarness.Cli.Tests.Commands;

public abstract class ProgressCommandTests(StorageFormat format)
{
    /// <summary>The format the store under test is sealed in.</summary>
    protected StorageFormat Format { get; } = format;

    [Fact]
    public void Progress_Target_CountsModelResultsOnly()
    {
        using var cli = new CliRun(Format);

        var (code, output, _) = cli.Run("progress", "--store", cli.Store, "--target", "12", "--group-by", "model,prompt_type", "--json");

        Assert.Equal(ExitCodes.Success, code);
        var cells = JsonDocument.Parse(output).RootElement.GetProperty("by_cell").EnumerateArray()
            .ToDictionary(c => c.GetProperty("key").GetProperty("model").GetString() + "/" + c.GetProperty("key").GetProperty("prompt_type").GetString());

        // The fixture runs 5 samples of each model/prompt/difficulty cell, twice (run-1, run-2), every alpha/baseline record a
        // model result. Grouped by model/prompt, alpha/baseline holds two matrix cells (easy, hard) of 5 samples each; a
        // target of 12 per cell leaves 7 to run in each.
        Assert.Equal(2, cells["alpha/baseline"].GetProperty("cells").GetInt64());
        Assert.Equal(10, cells["alpha/baseline"].GetProperty("held").GetInt64());
        Assert.Equal(24, cells["alpha/baseline"].GetProperty("target").GetInt64());
        Assert.Equal(14, cells["alpha/baseline"].GetProperty("to_run").GetInt64());

        // beta/baseline: sample 3 of the easy cell is a rate-limited failure in both runs, but sample 3 of hard counts.
        Assert.Equal(2, cells["beta/baseline"].GetProperty("not_counted").GetInt64());
    }

    [Fact]
    public void Progress_FullCells_SkippedAndInfrastructureNeedRerun()
    {
        using var cli = new CliRun(Format);

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
        using var cli = new CliRun(Format);

        var (code, output, _) = cli.Run("progress", "--store", cli.Store, "--target", "2", "--group-by", "model", "--expect", "model=alpha,gamma", "--fail-if-incomplete");

        Assert.Equal(ExitCodes.GateFailed, code);
        Assert.Contains("gamma", output, StringComparison.Ordinal);
        Assert.Contains("a top-up run would execute 2 samples in 1 cells", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_TwoProvidersShareModelPromptAndDifficulty_GateAgreesWithTopUp()
    {
        // One batch runs a model at two providers; openai holds samples 0 and 1, azure only sample 0. Grouped by
        // model/prompt/difficulty the two providers share a group, and their sample indices 0-1 cover the target of 2.
        MatrixSample[] rows = [.. Providers.SelectMany(provider => Enumerable.Range(0, 2).Select(i => new MatrixSample
        {
            Model = "gpt-4o-mini", Provider = provider, PromptType = "optimal", Difficulty = "easy", TaskType = "simple_task", SampleIndex = i,
        }))];
        var held = rows.Where(r => r.Provider == "openai" || r.SampleIndex == 0).Select((row, n) => Recorded(row, n));
        using var cli = new CliRun(held, Format);

        var (code, output, _) = cli.Run("progress", "--store", cli.Store, "--target", "2", "--group-by", "model,prompt_type,difficulty", "--fail-if-incomplete", "--json");
        var topUp = new TopUpPlanner(new StoreLayout(cli.Store)).Plan(BatchAssembly, Batch, "Run", rows, targetSamples: 2);

        Assert.Equal(ExitCodes.GateFailed, code);
        var cell = Assert.Single(JsonDocument.Parse(output).RootElement.GetProperty("by_cell").EnumerateArray());
        Assert.Equal(2, cell.GetProperty("cells").GetInt64());
        Assert.Equal(topUp.RowsToRun.Count, cell.GetProperty("to_run").GetInt64());
        Assert.Equal("azure", Assert.Single(topUp.RowsToRun).Provider);
    }

    [Fact]
    public void Progress_Matrix_ToRunIsTheRowsATopUpRunExecutes()
    {
        // 2 models x 2 prompt types x 2 difficulties at 3 samples: 24 rows. The store holds 7 of them and an
        // infrastructure failure of an eighth (not held: top-up runs it again).
        using var directory = new TemporaryDirectory();
        var matrixFile = Path.Combine(directory.Path, "matrix.json");
        File.WriteAllText(matrixFile, """
            {
              "models": ["gpt-4o-mini", "gpt-5-mini"],
              "providers": { "gpt-4o-mini": "openai", "gpt-5-mini": "azure" },
              "prompt_types": ["baseline", "optimal"],
              "difficulties": ["easy", "hard"]
            }
            """);
        var matrix = MatrixDefinition.Load(matrixFile);
        var rows = matrix.Expand(samplesPerCell: 3).Rows;
        var held = rows.Where((_, i) => i % 3 == 0).Take(7).Select(Recorded).ToList();
        held.Add(new ResultRecordBuilder(Recorded(rows[1], 8)) { Outcome = TestOutcome.Failed, ErrorCategory = ErrorCategory.RateLimited }.Build());
        using var cli = new CliRun(held, Format);
        string[] progress = ["progress", "--store", cli.Store, "--target", "3", "--matrix", matrixFile, "--batch", $"{Batch}.Run", "--fail-if-incomplete", "--json"];

        var (code, output, _) = cli.Run(progress);
        var topUp = BatchRowPlan.Create(matrix, TopUpSettings(cli.Store), BatchAssembly, Batch, "Run");

        Assert.Equal(ExitCodes.GateFailed, code);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Equal(17, topUp.RowsToRun.Count);
        Assert.Equal(topUp.RowsToRun.Count, report.GetProperty("to_run").GetInt32());
        Assert.Equal(8, report.GetProperty("cells").GetArrayLength());
        var plain = cli.Run([.. progress.Where(a => a != "--json")]).Out;
        Assert.Contains($"{Batch}.Run: 8 cells x 3 samples = 24 rows. Top-up to 3 samples per cell: 17 of 24 rows to run (7 held); 8 of 8 cells incomplete.", plain, StringComparison.Ordinal);
        Assert.Contains("  gpt-5-mini | azure | baseline | hard: 0 of 3 held, 3 to run", plain, StringComparison.Ordinal);

        // The top-up run executes exactly those rows; then progress has nothing left and the gate passes.
        using (var writer = RecordWriter.Open(new StoreLayout(cli.Store), SampleHoldings.Rule, Format, "top-up-run"))
        {
            foreach (var (row, n) in topUp.PlannedRowsToRun.Select((r, n) => (r, n)))
            {
                writer.Append(Recorded(row.Sample, 100 + n));
            }

            writer.Complete();
        }

        var (after, afterOutput, _) = cli.Run(progress);
        Assert.Equal(ExitCodes.Success, after);
        Assert.Equal(0, JsonDocument.Parse(afterOutput).RootElement.GetProperty("to_run").GetInt32());
        Assert.Empty(BatchRowPlan.Create(matrix, TopUpSettings(cli.Store), BatchAssembly, Batch, "Run").RowsToRun);
    }

    [Fact]
    public void Progress_MatrixOfTheSameBatchInAnotherAssembly_HoldsNoneOfTheFirstAssemblysSamples()
    {
        using var directory = new TemporaryDirectory();
        var matrixFile = Path.Combine(directory.Path, "matrix.json");
        File.WriteAllText(matrixFile, """{ "models": ["gpt-4o-mini", "gpt-5-mini"], "prompt_types": ["baseline"], "difficulties": ["easy", "hard"] }""");
        var rows = MatrixDefinition.Load(matrixFile).Expand(samplesPerCell: 2).Rows;
        using var cli = new CliRun(rows.Select((r, n) => Recorded(r, n)), Format);
        string[] progress = ["progress", "--store", cli.Store, "--target", "2", "--matrix", matrixFile, "--batch", $"{Batch}.Run", "--json"];

        var (ownCode, own, ownError) = cli.Run(progress);
        var (copyCode, copy, _) = cli.Run([.. progress, "--assembly", "WorkflowBench.Copy"]);

        Assert.Equal((ExitCodes.Success, ExitCodes.Success), (ownCode, copyCode));
        Assert.Contains("planning WorkflowBench.Batches.ProviderBatch.Run of the assembly WorkflowBench", ownError, StringComparison.Ordinal);
        Assert.Equal(0, JsonDocument.Parse(own).RootElement.GetProperty("to_run").GetInt32());
        Assert.Equal(8, JsonDocument.Parse(copy).RootElement.GetProperty("to_run").GetInt32());
    }

    [Fact]
    public void Progress_MatrixWithoutBatch_ExitsUsageErrorNamingBatch()
    {
        using var cli = new CliRun(Format);

        var (code, _, error) = cli.Run("progress", "--store", cli.Store, "--target", "3", "--matrix", "matrix.json");

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--batch CLASS.METHOD", error, StringComparison.Ordinal);
    }

    private static HarnessSettings TopUpSettings(string store)
    {
        var origin = new SettingOrigin(SettingSource.EnvironmentVariable, "RUNNER_HARNESS_TARGET_SAMPLES");
        return new HarnessOptions()
            .Set(HarnessSettingDefinitions.StorePath, store, origin)
            .Set(HarnessSettingDefinitions.TargetSamples, "3", origin)
            .Build(Path.GetTempPath());
    }

    private const string Batch = "WorkflowBench.Batches.ProviderBatch";

    private const string BatchAssembly = "WorkflowBench";

    private static readonly string[] Providers = ["openai", "azure"];

    private static ResultRecord Recorded(MatrixSample row, int n)
    {
        var finished = new DateTime(2026, 11, 27, 9, 30, 0, DateTimeKind.Utc).AddSeconds(n * 7);
        return new ResultRecord
        {
            CaseKey = CaseKey.For(BatchAssembly, Batch, "Run", row),
            Assembly = BatchAssembly,
            TestClass = Batch,
            TestMethod = "Run",
            Outcome = TestOutcome.Passed,
            StartedAt = finished.AddSeconds(-6),
            FinishedAt = finished,
            Model = row.Model,
            Provider = row.Provider,
            PromptType = row.PromptType,
            Difficulty = row.Difficulty,
            TaskType = row.TaskType,
            SampleIndex = row.SampleIndex,
        };
    }

    [Fact]
    public void Progress_MissingTarget_ExitsUsageErrorNamingTarget()
    {
        using var cli = new CliRun(Format);

        var (code, _, error) = cli.Run("progress", "--store", cli.Store);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("Option '--target' is required.", error, StringComparison.Ordinal);
    }

    /// <summary>The commands on a JSON Lines store.</summary>
    public sealed class JsonLines() : ProgressCommandTests(StorageFormat.Json);

    /// <summary>The commands on a Parquet store, whose reader reads only the projected columns: a command that under-declares its projection fails here.</summary>
    public sealed class Parquet() : ProgressCommandTests(StorageFormat.Parquet);
}
