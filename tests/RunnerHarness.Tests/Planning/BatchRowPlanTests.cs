using RunnerHarness.Aggregation;
using RunnerHarness.Matrix;
using RunnerHarness.Planning;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Planning;

public sealed class BatchRowPlanTests : IDisposable
{
    private const string Assembly = "Bench.Tests";
    private const string TestClass = "Bench.Batch";
    private const string TestMethod = "Run";

    private static readonly MatrixDefinition Cube = new()
    {
        Models = ["a", "b"],
        PromptTypes = ["baseline", "optimal"],
        Difficulties = ["easy", "hard"],
    };

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Create_InterruptedThenRerunThenRerunAgain_EndsWithExactlyTargetPerCellAndFinallyRunsNothing()
    {
        var settings = Settings(("RUNNER_HARNESS_TARGET_SAMPLES", "3"));

        var first = BatchRowPlan.Create(Cube, settings, Assembly, TestClass, TestMethod);
        Assert.Equal(24, first.RowsToRun.Count);
        Execute(first.RowsToRun.Take(11), "run-1");

        var second = BatchRowPlan.Create(Cube, settings, Assembly, TestClass, TestMethod);
        Assert.Equal(13, second.RowsToRun.Count);
        Execute(second.RowsToRun, "run-2");

        var third = BatchRowPlan.Create(Cube, settings, Assembly, TestClass, TestMethod);
        Assert.Empty(third.RowsToRun);
        Assert.Equal("Bench.Batch.Run: 8 cells x 3 samples = 24 rows. Nothing to run: all 8 cells hold 3 samples.", Assert.Single(third.Describe()));

        var records = new StoreReader(new StoreLayout(settings.StorePath)).Read().ToList();
        Assert.Equal(24, records.Select(r => r.CaseKey).Distinct().Count());
        Assert.All(records.GroupBy(r => CaseKey.CellOf(r.CaseKey!)), cell => Assert.Equal(3, cell.Count()));
    }

    [Fact]
    public void PlannedRowsToRun_EachRow_CarriesTheKeyTopUpCountedItBy()
    {
        var settings = Settings(("RUNNER_HARNESS_TARGET_SAMPLES", "2"));
        Execute(BatchRowPlan.Create(Cube, settings, Assembly, TestClass, TestMethod).RowsToRun.Take(5), "run-1");

        var plan = BatchRowPlan.Create(Cube, settings, Assembly, TestClass, TestMethod);

        Assert.Equal(11, plan.PlannedRowsToRun.Count);
        Assert.Equal(plan.RowsToRun, plan.PlannedRowsToRun.Select(r => r.Sample));
        Assert.All(plan.PlannedRowsToRun, r => Assert.Equal(CaseKey.For(Assembly, TestClass, TestMethod, r.Sample), r.CaseKey));
        var held = new StoreReader(new StoreLayout(settings.StorePath)).Read().Select(r => r.CaseKey).ToHashSet();
        Assert.DoesNotContain(plan.PlannedRowsToRun, r => held.Contains(r.CaseKey));
    }

    [Fact]
    public void Create_ThreeShardsPlanningAtDifferentStoreStates_RunEveryRowExactlyOnce()
    {
        // Shard 0 plans and runs all its rows before shard 1 plans; shard 2 planned at the very start. Each sees a
        // different store, yet together they run every row once: the deal is made on the full row list.
        var shard2 = BatchRowPlan.Create(Cube, Settings(("RUNNER_HARNESS_TARGET_SAMPLES", "3"), ("RUNNER_HARNESS_SHARD", "2/3")), Assembly, TestClass, TestMethod);
        var shard0 = BatchRowPlan.Create(Cube, Settings(("RUNNER_HARNESS_TARGET_SAMPLES", "3"), ("RUNNER_HARNESS_SHARD", "0/3")), Assembly, TestClass, TestMethod);
        Execute(shard0.RowsToRun, "shard-0");
        var shard1 = BatchRowPlan.Create(Cube, Settings(("RUNNER_HARNESS_TARGET_SAMPLES", "3"), ("RUNNER_HARNESS_SHARD", "1/3")), Assembly, TestClass, TestMethod);
        Execute(shard1.RowsToRun, "shard-1");
        Execute(shard2.RowsToRun, "shard-2");

        Assert.Equal([8, 8, 8], new[] { shard0, shard1, shard2 }.Select(p => p.RowsToRun.Count));
        Assert.StartsWith("Bench.Batch.Run: 8 cells x 3 samples = 24 rows; shard 1/3: 8 rows. Top-up", shard1.Describe()[0], StringComparison.Ordinal);
        var keys = new StoreReader(new StoreLayout(Store)).Read().Select(r => r.CaseKey).ToList();
        Assert.Equal(24, keys.Count);
        Assert.Equal(24, keys.Distinct().Count());
    }

    [Fact]
    public void Create_FilterFromSettings_PlansOnlyItsRowsAndCarriesNotes()
    {
        var plan = BatchRowPlan.Create(Cube, Settings(("RUNNER_HARNESS_MODELS", "b,zz")), Assembly, TestClass, TestMethod);

        Assert.All(plan.RowsToRun, r => Assert.Equal("b", r.Model));
        Assert.Equal(4, plan.RowsToRun.Count);
        Assert.Contains("'zz'", plan.Describe()[1], StringComparison.Ordinal);
    }

    private string Store => Path.Combine(_directory.Path, "store");

    private HarnessSettings Settings(params (string Name, string Value)[] variables) =>
        new HarnessOptions()
            .AddEnvironment(n => n == "RUNNER_HARNESS_STORE" ? Store : variables.FirstOrDefault(v => v.Name == n).Value)
            .Build(_directory.Path);

    private void Execute(IEnumerable<MatrixSample> rows, string runId)
    {
        using var writer = RecordWriter.Open(new StoreLayout(Store), SampleHoldings.Rule, StorageFormat.Json, runId);
        foreach (var row in rows)
        {
            var record = new ResultRecordBuilder { CaseKey = CaseKey.For(Assembly, TestClass, TestMethod, row), Outcome = TestOutcome.Passed };
            row.ApplyTo(record);
            writer.Append(record.Build());
        }

        writer.Complete();
    }
}
