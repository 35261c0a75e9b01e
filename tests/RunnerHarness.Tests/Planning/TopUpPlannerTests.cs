using RunnerHarness.Aggregation;
using RunnerHarness.Matrix;
using RunnerHarness.Planning;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.Summaries;
using RunnerHarness.Tests.Store.Summaries;

namespace RunnerHarness.Tests.Planning;

public sealed class TopUpPlannerTests : IDisposable
{
    private const string Assembly = "Bench.Tests";
    private const string TestClass = "Bench.Batch";
    private const string TestMethod = "Run";

    private static readonly MatrixDefinition Cube = new()
    {
        Models = ["a", "b"],
        PromptTypes = ["baseline", "optimal"],
        Difficulties = ["easy", "hard"],
        SamplesPerCell = 3,
    };

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private StoreLayout Layout => new(_directory.Path);

    [Fact]
    public void Plan_NoStoreYet_RunsEveryRowAndSaysTheStoreIsNew()
    {
        var rows = Cube.Expand().Rows;

        var plan = new TopUpPlanner(new StoreLayout(Path.Combine(_directory.Path, "absent"))).Plan(Assembly, TestClass, TestMethod, rows, 3);

        Assert.Equal(rows, plan.RowsToRun);
        Assert.False(plan.StoreExists);
        Assert.Equal(8, plan.Cells.Count);
        Assert.All(plan.Cells, c => Assert.Equal((3, 0), (c.Rows, c.Held)));
        Assert.Equal("Top-up to 3 samples per cell: 24 of 24 rows to run (0 held); 8 of 8 cells incomplete. The store does not exist yet.", plan.Describe());
    }

    [Fact]
    public void Plan_HalfHeld_RunsOnlyTheMissingSamples()
    {
        var rows = Cube.Expand().Rows;
        Write(rows.Take(16).Select(r => Record(r, TestOutcome.Passed)));

        var plan = Plan(rows);

        // Rows are sample-major: the first 16 are samples 0 and 1 of all 8 cells.
        Assert.Equal(rows.Skip(16), plan.RowsToRun);
        Assert.Equal(16, plan.HeldCount);
        Assert.All(plan.Cells, c => Assert.Equal(1, c.Missing));
    }

    [Fact]
    public void Plan_EveryRowHeld_RunsNothingAndSaysSo()
    {
        var rows = Cube.Expand().Rows;
        Write(rows.Select((r, i) => Record(r, i % 2 == 0 ? TestOutcome.Passed : TestOutcome.Failed, i % 3 == 0 ? ErrorCategory.Timeout : null)));

        var plan = Plan(rows);

        Assert.True(plan.IsComplete);
        Assert.Equal("Nothing to run: all 8 cells hold 3 samples.", plan.Describe());
    }

    [Theory]
    [InlineData(TestOutcome.Skipped, null)]
    [InlineData(TestOutcome.Failed, ErrorCategory.RateLimited)]
    [InlineData(TestOutcome.Failed, ErrorCategory.ProviderError)]
    [InlineData(TestOutcome.Failed, ErrorCategory.HarnessError)]
    public void Plan_OnlySkippedOrInfrastructureRecords_RunsTheSampleAgain(TestOutcome outcome, string? category)
    {
        var rows = Cube.Expand().Rows;
        Write([Record(rows[0], outcome, category)]);

        Assert.Contains(rows[0], Plan(rows).RowsToRun);
    }

    [Theory]
    [InlineData(TestOutcome.Passed, null)]
    [InlineData(TestOutcome.Failed, null)]
    [InlineData(TestOutcome.Failed, ErrorCategory.ToolCallFormat)]
    public void Plan_ModelResult_CountsTowardItsCell(TestOutcome outcome, string? category)
    {
        var rows = Cube.Expand().Rows;
        Write([Record(rows[0], outcome, category)]);

        Assert.DoesNotContain(rows[0], Plan(rows).RowsToRun);
    }

    [Fact]
    public void Plan_RetriedSampleWithInfrastructureErrorThenResult_IsHeld()
    {
        var rows = Cube.Expand().Rows;
        Write([Record(rows[0], TestOutcome.Failed, ErrorCategory.RateLimited), Record(rows[0], TestOutcome.Passed)]);

        Assert.Equal(rows.Count - 1, Plan(rows).RowsToRun.Count);
    }

    [Fact]
    public void Plan_RecordsInALiveWritersLog_CountSoConcurrentShardsDoNotRepeatThem()
    {
        var rows = Cube.Expand().Rows;
        using var live = RecordWriter.Open(Layout, SampleHoldings.Rule, StorageFormat.Json, "other-shard");
        live.Append(Record(rows[5], TestOutcome.Passed));
        live.Flush();

        Assert.DoesNotContain(rows[5], Plan(rows).RowsToRun);
    }

    [Fact]
    public void Plan_OtherBatchOrSampleBeyondTarget_DoesNotCount()
    {
        var rows = Cube.Expand().Rows;
        var otherBatch = new ResultRecordBuilder(Record(rows[0], TestOutcome.Passed)) { CaseKey = CaseKey.For(Assembly, TestClass, "OtherMethod", rows[0]) }.Build();
        Write([otherBatch, Record(rows[0] with { SampleIndex = 7 }, TestOutcome.Passed)]);

        Assert.Equal(rows.Count, Plan(rows).RowsToRun.Count);
    }

    [Fact]
    public void Plan_SameBatchCopiedIntoAnotherAssembly_HoldsNoneOfTheFirstAssemblysSamples()
    {
        var rows = Cube.Expand().Rows;
        Write(rows.Select(r => Recorded(r, Assembly, keyWithoutAssembly: false)));

        var copy = new TopUpPlanner(Layout).Plan("Bench.Copy.Tests", TestClass, TestMethod, rows, 3);

        Assert.Equal(rows, copy.RowsToRun);
        Assert.True(Plan(rows).IsComplete);
    }

    [Fact]
    public void Plan_KeysWrittenBeforeTheyNamedTheAssembly_StayHeldForTheirOwnAssemblyOnly()
    {
        var rows = Cube.Expand().Rows;
        Write(rows.Select(r => Recorded(r, Assembly, keyWithoutAssembly: true)));

        var copy = new TopUpPlanner(Layout).Plan("Bench.Copy.Tests", TestClass, TestMethod, rows, 3);

        Assert.True(Plan(rows).IsComplete);
        Assert.Equal(rows, copy.RowsToRun);
    }

    [Fact]
    public void Plan_ShardShare_DescribesHeldRowsWithoutClaimingWholeCells()
    {
        var rows = Cube.Expand().Rows;
        var share = new ShardFilter(new ShardSpec(0, 3)).Select(rows, r => CaseKey.For(Assembly, TestClass, TestMethod, r));
        Write(share.Select(r => Record(r, TestOutcome.Passed)));

        var plan = Plan(share);

        Assert.True(plan.IsComplete);
        Assert.StartsWith($"Nothing to run: all {share.Count} planned rows", plan.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_SampleIndexBeyondTarget_Fails()
    {
        var rows = Cube.Expand().Rows;

        Assert.Throws<ArgumentException>(() => new TopUpPlanner(Layout).Plan(Assembly, TestClass, TestMethod, rows, 2));
    }

    [Fact]
    public void Plan_ResultsOfAnotherModelId_HoldNothingAndTheSameModelIdHoldsAll()
    {
        // Model "a" was gpt-4o-2024-05-13 when the store was written; the models file now points it at a new snapshot.
        var rows = Cube.Expand().Rows;
        Write(rows.Select(r => Record(r, TestOutcome.Passed, modelId: SnapshotOf(r, "2024-05-13"))));
        var planner = new TopUpPlanner(Layout);

        var newSnapshot = planner.Plan(Assembly, TestClass, TestMethod, rows, 3, r => r.Model == "a" ? "gpt-4o-2024-08-06" : SnapshotOf(r, "2024-05-13"));
        var sameSnapshot = planner.Plan(Assembly, TestClass, TestMethod, rows, 3, r => SnapshotOf(r, "2024-05-13"));
        var unknownModelId = planner.Plan(Assembly, TestClass, TestMethod, rows, 3);

        Assert.Equal(rows.Where(r => r.Model == "a"), newSnapshot.RowsToRun);
        Assert.True(sameSnapshot.IsComplete);
        Assert.True(unknownModelId.IsComplete);
    }

    [Fact]
    public void Plan_ResultsWithoutModelId_HoldTheirSampleForEveryModelId()
    {
        // Records of format 1 (and tests that call no model) say no model_id: they stay held after the upgrade.
        var rows = Cube.Expand().Rows;
        Write(rows.Select(r => Record(r, TestOutcome.Passed)));

        var plan = new TopUpPlanner(Layout).Plan(Assembly, TestClass, TestMethod, rows, 3, r => SnapshotOf(r, "2024-08-06"));

        Assert.True(plan.IsComplete);
    }

    [Fact]
    public void Plan_ResultOfAnotherModelIdInALiveWritersLog_DoesNotHoldTheSample()
    {
        var rows = Cube.Expand().Rows;
        using var live = RecordWriter.Open(Layout, SampleHoldings.Rule, StorageFormat.Json, "other-shard");
        live.Append(Record(rows[5], TestOutcome.Passed, modelId: "gpt-4o-2024-05-13"));
        live.Append(Record(rows[6], TestOutcome.Passed, modelId: "gpt-4o-2024-08-06"));
        live.Flush();

        var plan = new TopUpPlanner(Layout).Plan(Assembly, TestClass, TestMethod, rows, 3, _ => "gpt-4o-2024-08-06");

        Assert.Contains(rows[5], plan.RowsToRun);
        Assert.DoesNotContain(rows[6], plan.RowsToRun);
    }

    [Fact]
    public void Plan_SummariesInJsonAsOlderWritersSealedThem_PlansWhatTheBinarySummariesPlan()
    {
        // Issue 25: sealing writes binary summaries now; a store written before holds JSON ones, and may hold both.
        var rows = Cube.Expand().Rows;
        Write(rows.Take(10).Select(r => Record(r, TestOutcome.Passed)));
        Write(rows.Skip(10).Take(8).Select(r => Record(r, TestOutcome.Passed, modelId: SnapshotOf(r, "2024-05-13"))));
        Func<MatrixSample, string?> modelIdOf = r => r.Model == "a" ? SnapshotOf(r, "2024-05-13") : "b-2024-08-06";
        var fromBinary = new TopUpPlanner(Layout).Plan(Assembly, TestClass, TestMethod, rows, 3, modelIdOf);

        var listing = new SummaryListing(Layout);
        foreach (var file in Layout.DataFiles())
        {
            JsonSummaries.Rewrite(listing.Find(file)!, file);
        }

        var fromJson = new TopUpPlanner(Layout).Plan(Assembly, TestClass, TestMethod, rows, 3, modelIdOf);

        var reader = new StoreSummaryReader(Layout, SampleHoldings.Rule);
        _ = reader.Read(runIds: null, includeLiveLogs: false).ToList();
        Assert.Equal((2, 0), (reader.SummariesRead, reader.FilesReadInFull));
        Assert.InRange(fromBinary.HeldCount, 11, 17);
        Assert.Equal(fromBinary.RowsToRun, fromJson.RowsToRun);
        Assert.Equal(fromBinary.Cells, fromJson.Cells);
        Assert.Empty(fromJson.StoreProblems);
    }

    private static string SnapshotOf(MatrixSample row, string date) => $"{row.Model}-{date}";

    private TopUpPlan Plan(IReadOnlyList<MatrixSample> rows) => new TopUpPlanner(Layout).Plan(Assembly, TestClass, TestMethod, rows, 3);

    private void Write(IEnumerable<ResultRecord> records)
    {
        using var writer = RecordWriter.Open(Layout, SampleHoldings.Rule, StorageFormat.Json, $"run-{Guid.NewGuid():N}");
        foreach (var record in records)
        {
            writer.Append(record);
        }

        writer.Complete();
    }

    /// <summary>A record as the recorder writes it for <paramref name="row"/> run in <paramref name="assembly"/>; with <paramref name="keyWithoutAssembly"/>, with the key 79d7747 wrote (no assembly part).</summary>
    private static ResultRecord Recorded(MatrixSample row, string assembly, bool keyWithoutAssembly)
    {
        var record = new ResultRecordBuilder { Assembly = assembly, TestClass = TestClass, TestMethod = TestMethod, Outcome = TestOutcome.Passed, SuccessLevel = SuccessLevel.FullSuccess };
        row.ApplyTo(record);
        var built = record.Build();
        record.CaseKey = keyWithoutAssembly ? CaseKey.Of(null, TestClass, TestMethod, row.CellValues(), row.SampleIndex) : CaseKey.ForRecord(built);
        return record.Build();
    }

    private static ResultRecord Record(MatrixSample row, TestOutcome outcome, string? category = null, string? modelId = null)
    {
        var record = new ResultRecordBuilder { CaseKey = CaseKey.For(Assembly, TestClass, TestMethod, row), Outcome = outcome, ErrorCategory = category, ModelId = modelId };
        row.ApplyTo(record);
        return record.Build();
    }
}
