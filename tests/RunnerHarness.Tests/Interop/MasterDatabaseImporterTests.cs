using RunnerHarness.Aggregation;
using RunnerHarness.Interop;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Interop;

public sealed class MasterDatabaseImporterTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Import_OfAnExport_RebuildsEveryLeafsCountsErrorsAndMeans()
    {
        var original = OriginalRecords();
        var export = Path.Combine(_directory.Path, "master_database.json");
        using (var stream = File.Create(export))
        {
            MasterDatabaseWriter.Write(original, stream, new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero));
        }

        var layout = new StoreLayout(Path.Combine(_directory.Path, "store"));
        var result = new MasterDatabaseImporter(layout).Import(export, "imported", StorageFormat.Json);

        Assert.Empty(result.Problems);
        var imported = new StoreReader(layout).Read().ToList();
        Assert.All(imported, r => Assert.True(r.Reconstructed));
        Assert.All(imported, r => Assert.Null(r.CaseKey));
        var before = View(original);
        var after = View(imported);
        Assert.Equal(before.Groups.Count, after.Groups.Count);
        foreach (var (expected, actual) in before.Groups.Zip(after.Groups))
        {
            Assert.Equal(expected.Key, actual.Key);
            Assert.Equal(expected.Statistics.Total, actual.Statistics.Total);
            Assert.Equal(expected.Statistics.FullSuccess, actual.Statistics.FullSuccess);
            Assert.Equal(expected.Statistics.PartialSuccess, actual.Statistics.PartialSuccess);
            Assert.Equal(expected.Statistics.Failed, actual.Statistics.Failed);
            Assert.Equal(expected.Statistics.Means.WorkflowScore!.Value, actual.Statistics.Means.WorkflowScore!.Value, 9);
            Assert.Equal(expected.Statistics.Means.DurationMs!.Value, actual.Statistics.Means.DurationMs!.Value, 6);
            Assert.Equal(
                expected.Statistics.Errors.Where(e => e.Count > 0).Select(e => (e.Category, e.Count)),
                actual.Statistics.Errors.Where(e => e.Count > 0).Select(e => (e.Category, e.Count)));
        }
    }

    [Fact]
    public void Import_SameFileTwice_AddsNothingTheSecondTime()
    {
        var export = Path.Combine(_directory.Path, "master_database.json");
        using (var stream = File.Create(export))
        {
            MasterDatabaseWriter.Write(OriginalRecords(), stream, DateTimeOffset.UnixEpoch);
        }

        var layout = new StoreLayout(Path.Combine(_directory.Path, "store"));
        var first = new MasterDatabaseImporter(layout).Import(export, "first", StorageFormat.Json);
        var second = new MasterDatabaseImporter(layout).Import(export, "second", StorageFormat.Json);

        Assert.Equal((0, first.Records), (second.Records, second.AlreadyStored));
        Assert.Equal(OriginalRecords().Count, new StoreReader(layout).Read().Count(r => r.RunId == "first"));
        Assert.True(new StoreVerifier(layout, SampleHoldings.Rule).Verify().IsClean);
    }

    [Fact]
    public void Import_OfAnotherFileWithTheSameLeaves_IsRefusedAndWritesNothing()
    {
        const string Leaf = """
            {"models":{"gpt-4o-mini":{"by_prompt_type":{"cot":{"by_tool_success_rate":{"0.8":{"by_difficulty":{"easy":{"by_task_type":{
              "simple_task":{"total":3,"full_success":2,"partial_success":0,"failed":1,"avg_final_score":FINAL}}}}}}}}}}}
            """;
        var earlier = Path.Combine(_directory.Path, "master_database.2026-11.json");
        File.WriteAllText(earlier, Leaf.Replace("FINAL", "0.71", StringComparison.Ordinal));
        var later = Path.Combine(_directory.Path, "master_database.2026-12.json");
        File.WriteAllText(later, Leaf.Replace("FINAL", "0.64", StringComparison.Ordinal));
        var layout = new StoreLayout(Path.Combine(_directory.Path, "store"));
        new MasterDatabaseImporter(layout).Import(earlier, "seed-2026-11", StorageFormat.Json);

        var error = Assert.Throws<ImportConflictException>(() => new MasterDatabaseImporter(layout).Import(later, "seed-2026-12", StorageFormat.Json));

        Assert.Equal(3, error.Conflicts.Count);
        Assert.Contains("import this one into another store", error.Message, StringComparison.Ordinal);
        Assert.All(new StoreReader(layout).Read(), r => Assert.Equal(("seed-2026-11", 0.71), (r.RunId, r.FinalScore)));
    }

    [Fact]
    public void Import_LeafWhoseCountsDoNotAddUp_IsReportedAndSkipped()
    {
        var input = Path.Combine(_directory.Path, "bad.json");
        File.WriteAllText(input, """
            {"models":{"m":{"by_prompt_type":{"p":{"by_tool_success_rate":{"0.8":{"by_difficulty":{"easy":{"by_task_type":{
              "simple_task":{"total":5,"full_success":1,"partial_success":1,"failed":1},
              "basic_task":{"total":2,"full_success":1,"partial_success":0,"failed":1}}}}}}}}}}}
            """);

        var result = new MasterDatabaseImporter(new StoreLayout(Path.Combine(_directory.Path, "store"))).Import(input, "r", StorageFormat.Json);

        Assert.Equal(2, result.Records);
        Assert.Contains("m / p / 0.8 / easy / simple_task", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_NotAMasterDatabase_FailsNamingTheFile()
    {
        var input = Path.Combine(_directory.Path, "other.json");
        File.WriteAllText(input, """{"results":[]}""");

        var error = Assert.Throws<FormatException>(() => new MasterDatabaseImporter(new StoreLayout(_directory.Path)).Import(input, "r", StorageFormat.Json));
        Assert.Contains(input, error.Message, StringComparison.Ordinal);
    }

    private static CumulativeView View(IEnumerable<ResultRecord> records) =>
        new CumulativeAggregator(CumulativeGrouping.Default).AddRange(records).Build();

    private static List<ResultRecord> OriginalRecords()
    {
        var records = new List<ResultRecord>();
        string[] categories = [ErrorCategory.Timeout, ErrorCategory.ToolSelection, ErrorCategory.Other];
        for (var i = 0; i < 60; i++)
        {
            var level = (SuccessLevel)(i % 3);
            records.Add(new ResultRecord
            {
                RecordId = $"r{i}",
                Model = i % 2 == 0 ? "gpt-4o-mini" : "grok-3",
                PromptType = i % 4 < 2 ? "optimal" : "baseline",
                ToolSuccessRate = 0.8,
                Difficulty = "easy",
                TaskType = i % 5 == 0 ? "simple_task" : "data_pipeline",
                Outcome = level == SuccessLevel.Failure ? TestOutcome.Failed : TestOutcome.Passed,
                SuccessLevel = level,
                ErrorCategory = level == SuccessLevel.Failure ? categories[i % 3 == 2 ? (i / 3) % 3 : 0] : null,
                DurationMs = 1000 + (i * 10),
                WorkflowScore = i / 60.0,
            });
        }

        return records;
    }
}
