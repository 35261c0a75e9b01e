using System.Globalization;
using RunnerHarness.Aggregation;
using RunnerHarness.Cli.Commands;
using RunnerHarness.Reporting;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Parquet;
using RunnerHarness.Store.Summaries;
using RunnerHarness.Tests;

namespace RunnerHarness.Cli.Tests.Commands;

/// <summary>
/// <c>report</c> folds the row groups of proven Parquet files from their column arrays (<see cref="ReportBuilder.Add(ParquetRowGroup)"/>)
/// instead of adding a record a row; these prove the report it gives is the one the record path gives, to the last digit,
/// over real Parquet stores written as a writer writes them: several files of several row groups of different lengths,
/// ids repeated across files (an identical copy and a conflicting edited one, so rows are skipped inside row groups),
/// nulls in every summed column, replayed samples, infrastructure failures, format-error assistance, costs left unset,
/// a model whose snapshot changed, custom dimensions on some rows and a dataset item answered in two versions.
/// </summary>
public class ReportFoldTests
{
    private static readonly DateTimeOffset GeneratedAt = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Groupings() =>
    [
        "model,prompt_type,tool_success_rate,difficulty,task_type",
        "run_id,model,sample_index",
        "difficulty,tool_success_rate",
        "model",
    ];

    [Theory]
    [MemberData(nameof(Groupings))]
    public void Build_ParquetStoreOfManyRowGroupsWithRepeatsAndNulls_GivesTheRecordPathsReportToTheLastDigit(string grouping)
    {
        using var directory = new TemporaryDirectory();
        var store = Path.Combine(directory.Path, "store");
        WriteStore(store);
        using var cli = new CliRun();
        var context = cli.Context();
        var dimensions = grouping.Split(',');

        var folded = ReportCommand.Build(context, StoreRecords.Open(context, store), dimensions, RecordFilter.None, [], "Nightly");

        // The record path, a record at a time, as the report read before the fold.
        var records = StoreRecords.Open(context, store);
        var builder = new ReportBuilder(dimensions);
        var itemVersions = new ItemVersionCheck();
        foreach (var record in records.Read(builder.Columns!.Union(ItemVersionCheck.Columns), RecordFilter.None, recordIds: false))
        {
            builder.Add(record);
            itemVersions.Add(record);
        }

        var expected = builder.Build("Nightly", GeneratedAt, folded.Source, [], folded.Notes);
        Assert.Equal(Json(expected), Json(folded with { GeneratedAt = GeneratedAt }));
        Assert.Contains(folded.Notes, n => n.Contains("skipped 60 duplicate record(s)", StringComparison.Ordinal));
        Assert.Contains(folded.Notes, n => n.Contains("the dataset item 'q-0007'", StringComparison.Ordinal));
        Assert.Equal(itemVersions.Notes().Count, folded.Notes.Count(n => n.Contains("the dataset item", StringComparison.Ordinal)));
    }

    [Fact]
    public void ReadChunks_ParquetStoreWithRepeats_YieldsWholeRowGroupsWithTheDuplicateRowsSkipped()
    {
        using var directory = new TemporaryDirectory();
        var store = Path.Combine(directory.Path, "store");
        WriteStore(store);
        using var cli = new CliRun();
        var context = cli.Context();
        var builder = new ReportBuilder(["model"]);
        Assert.True(builder.FoldsRowGroups);

        var rowGroups = new List<int>();
        long rows = 0, skipped = 0, records = 0;
        foreach (var chunk in StoreRecords.Open(context, store).ReadChunks(builder.Columns, RecordFilter.None, recordIds: false))
        {
            if (chunk.RowGroup is { } rowGroup)
            {
                rowGroups.Add(rowGroup.RowCount);
                for (var row = 0; row < rowGroup.RowCount; row++)
                {
                    rows++;
                    skipped += rowGroup.Counts(row) ? 0 : 1;
                }
            }
            else
            {
                records++;
            }
        }

        // run-1: 700 rows in row groups of 256; run-2: 500 in 100s; the repeats: 60 in 64s.
        Assert.Equal([256, 256, 188, 100, 100, 100, 100, 100, 60], rowGroups.OrderDescending());
        Assert.Equal(0, records);
        Assert.Equal(1260, rows);
        Assert.Equal(60, skipped);
    }

    private static string Json(Report report)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        new JsonReportWriter().Write(report, text);
        return text.ToString();
    }

    // Two runs sealed with small row groups, then a third file repeating 60 of run-1's records: 40 identical copies and
    // 20 edited ones that finished earlier, so those count and run-1's originals are the skipped copies.
    private static void WriteStore(string path)
    {
        var layout = new StoreLayout(path);
        var first = Records("run-20261201-0900", 700, seed: 11).ToList();
        var second = Records("run-20261202-0900", 500, seed: 12).ToList();
        var repeats = first.Skip(100).Take(60).Select((r, i) => i < 40 ? r : new ResultRecordBuilder(r)
        {
            FinishedAt = r.FinishedAt!.Value.AddMinutes(-3),
            Outcome = TestOutcome.Failed,
            SuccessLevel = SuccessLevel.Failure,
            ErrorCategory = ErrorCategory.MaxTurns,
            FinalScore = 0.125,
        }.Build()).ToList();
        Seal(layout, first, "run-20261201-0900", 256);
        Seal(layout, second, "run-20261202-0900", 100);
        Seal(layout, repeats, "restored-20261203", 64);
    }

    private static void Seal(StoreLayout layout, List<ResultRecord> records, string run, int rowGroupSize) =>
        SegmentSealer.Seal(layout, new ParquetSegmentWriter(rowGroupSize), records, run, "segment-0000",
            new SegmentSummaryBuilder(SampleHoldings.Rule).AddRange(records).Build());

    private static IEnumerable<ResultRecord> Records(string run, int count, int seed)
    {
        string[] models = ["gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet", "llama-3.1-70b"];
        string[] prompts = ["zero_shot", "few_shot", "cot"];
        string[] difficulties = ["easy", "medium", "hard"];
        string[] tasks = ["lookup", "multi_step", "planning"];
        double[] rates = [0.5, 0.8, 1.0];
        var random = new Random(seed);
        var start = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc).AddDays(seed - 11);
        for (var i = 0; i < count; i++)
        {
            var model = models[random.Next(models.Length)];
            var roll = random.NextDouble();
            var outcome = roll < 0.05 ? TestOutcome.Skipped : roll < 0.55 ? TestOutcome.Passed : TestOutcome.Failed;
            var infrastructure = outcome == TestOutcome.Failed && random.NextDouble() < 0.15;
            var level = outcome == TestOutcome.Skipped || infrastructure ? (SuccessLevel?)null
                : random.Next(4) switch { 0 => SuccessLevel.FullSuccess, 1 => SuccessLevel.PartialSuccess, 2 => SuccessLevel.Failure, _ => null };
            var category = infrastructure ? ErrorCategory.InfrastructureCategories[random.Next(3)]
                : outcome == TestOutcome.Failed && random.Next(3) > 0 ? ErrorCategory.ModelCategories[random.Next(ErrorCategory.ModelCategories.Count)]
                : null;
            Dictionary<string, double>? metrics = random.Next(10) switch
            {
                0 => new() { ["model_replayed"] = 1 },
                1 => new() { [AssistanceStatistics.FormatErrorCountMetric] = random.Next(1, 4), ["latency_p50_ms"] = 812.5 },
                2 => [],
                _ => null,
            };
            yield return new ResultRecordBuilder
            {
                RecordId = ResultRecord.NewRecordId(),
                RunId = run,
                Assembly = "QaBench.Tests",
                TestClass = "QaBench.Tests.ToolUseBench",
                TestMethod = "AnswersWithTools",
                Outcome = outcome,
                FinishedAt = start.AddSeconds(i * 7.3 + random.NextDouble()).AddTicks(random.Next(10)),
                DurationMs = random.Next(20) == 0 ? null : 200 + (random.NextDouble() * 9000),
                Model = model,
                // gpt-4o's snapshot changed mid-study: some of its records under another model_id, some without one.
                ModelId = model != "gpt-4o" ? model : (i % 3) switch { 0 => "gpt-4o-2024-08-06", 1 => "gpt-4o-2024-11-20", _ => null },
                Provider = model.StartsWith("gpt", StringComparison.Ordinal) ? "openai" : "other",
                PromptType = prompts[random.Next(prompts.Length)],
                Difficulty = random.Next(15) == 0 ? null : difficulties[random.Next(difficulties.Length)],
                TaskType = tasks[random.Next(tasks.Length)],
                ToolSuccessRate = rates[random.Next(rates.Length)],
                SampleIndex = random.Next(5),
                SuccessLevel = level,
                ErrorCategory = category,
                Turns = random.Next(8) == 0 ? null : random.Next(1, 12),
                ToolCalls = random.Next(8) == 0 ? null : random.Next(0, 20),
                WorkflowScore = random.Next(6) == 0 ? null : random.NextDouble(),
                Phase2Score = random.Next(6) == 0 ? null : random.NextDouble(),
                QualityScore = random.Next(40) == 0 ? double.NaN : random.NextDouble(),
                FinalScore = random.Next(6) == 0 ? null : random.NextDouble(),
                ToolCoverageRate = random.Next(6) == 0 ? null : random.NextDouble(),
                CostUsd = random.Next(4) == 0 ? null : random.NextDouble() / 100,
                Metrics = metrics,
                Host = "ci-0" + random.Next(1, 4).ToString(CultureInfo.InvariantCulture),
                Dimensions = random.Next(25) == 0 ? new() { ["judge"] = random.Next(2) == 0 ? "gpt-4o-judge" : "rubric-v2" } : null,
                Item = i % 50 == 7 ? "q-0007" : null,
                ItemHash = i % 50 == 7 ? (i < count / 2 ? "1a2b3c4d5e6f" : "9f8e7d6c5b4a") : null,
            }.Build();
        }
    }
}
