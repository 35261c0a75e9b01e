using System.Text;
using System.Text.Json;
using RunnerHarness.Aggregation;
using RunnerHarness.Reporting;
using RunnerHarness.Schema;

namespace RunnerHarness.Tests.Reporting;

public class ReportBuilderTests
{
    private static readonly DateTimeOffset GeneratedAt = new(2026, 12, 6, 22, 0, 0, TimeSpan.Zero);

    // 6,000 records in a deterministic shuffled order: two runs, three models (gpt-4o under two snapshots and without
    // one), rates whose bits differ but that group alike (0.8 and 0.80000001), some records with a custom dimension,
    // skipped, infrastructure and replayed ones, and random doubles, so a sum taken in another order would differ in its
    // last digits.
    private static List<ResultRecord> Records()
    {
        var random = new Random(25);
        string[] models = ["gpt-4o", "claude-3-5-haiku", "llama-3.1-70b"];
        string[] prompts = ["baseline", "cot", "flawed_tool_order"];
        string[] difficulties = ["easy", "medium", "hard"];
        double[] rates = [0.8, 0.80000001, 1.0];
        var records = new List<ResultRecord>();
        for (var i = 0; i < 6000; i++)
        {
            var model = models[random.Next(models.Length)];
            var level = random.NextDouble();
            var outcome = level < 0.03 ? TestOutcome.Skipped : level < 0.55 ? TestOutcome.Passed : TestOutcome.Failed;
            records.Add(new ResultRecord
            {
                RecordId = ResultRecord.NewRecordId(),
                RunId = i % 3 == 0 ? "nightly-2026-12-01" : "nightly-2026-12-05",
                Assembly = "WorkflowBench",
                TestClass = "WorkflowBench.ToolUseBatch",
                TestMethod = i % 7 == 0 ? "RunLong" : "Run",
                Model = model,
                ModelId = model == "gpt-4o" ? (i % 5) switch { 0 => null, 1 or 2 => "gpt-4o-2024-08-06", _ => "gpt-4o-2024-11-20" } : null,
                Provider = model.StartsWith("gpt", StringComparison.Ordinal) ? "openai" : "simulated",
                PromptType = prompts[random.Next(prompts.Length)],
                Difficulty = difficulties[random.Next(difficulties.Length)],
                TaskType = i % 2 == 0 ? "multi_step" : "simple_task",
                ToolSuccessRate = rates[random.Next(rates.Length)],
                SampleIndex = random.Next(20),
                Dimensions = i % 11 == 0 ? new Dictionary<string, string> { ["dataset_split"] = i % 2 == 0 ? "dev" : "test" } : null,
                Outcome = outcome,
                SuccessLevel = outcome == TestOutcome.Skipped ? null : level < 0.4 ? SuccessLevel.FullSuccess : level < 0.55 ? SuccessLevel.PartialSuccess : SuccessLevel.Failure,
                ErrorCategory = outcome != TestOutcome.Failed ? null : level > 0.97 ? ErrorCategory.RateLimited : ErrorCategory.ModelCategories[random.Next(8)],
                FinishedAt = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc).AddSeconds(i * 7),
                DurationMs = 1500 + random.Next(5000),
                Turns = 1 + random.Next(10),
                ToolCalls = random.Next(12),
                WorkflowScore = random.NextDouble(),
                Phase2Score = random.NextDouble(),
                QualityScore = random.NextDouble(),
                FinalScore = random.NextDouble(),
                ToolCoverageRate = random.NextDouble(),
                CostUsd = random.NextDouble() / 100,
                Metrics = i % 13 == 0 ? new Dictionary<string, double> { ["model_replayed"] = 1 } : i % 17 == 0 ? new Dictionary<string, double> { [AssistanceStatistics.FormatErrorCountMetric] = 2 } : null,
            });
        }

        return records;
    }

    // The report as each view and the trends give it by their own lookups, a record at a time (the path before the
    // builder shared one lookup between them).
    private static Report ByEachViewsOwnLookup(IReadOnlyList<string> dimensions, IEnumerable<ResultRecord> records)
    {
        var view = new CumulativeAggregator(dimensions);
        var heatmap = new CumulativeAggregator([RecordColumns.Model, RecordColumns.PromptType]);
        var summary = new CumulativeAggregator([RecordColumns.Model, RecordColumns.Difficulty]);
        var trends = new RunTrendBuilder();
        foreach (var record in records)
        {
            view.Add(record);
            heatmap.Add(record);
            summary.Add(record);
            trends.Add(record);
        }

        return new Report
        {
            Title = "Nightly",
            GeneratedAt = GeneratedAt,
            Source = "store",
            View = view.Build(),
            ModelByPromptType = heatmap.Build(),
            ModelByDifficulty = summary.Build(),
            Trends = trends.Build(),
        };
    }

    private static string Json(Report report)
    {
        using var text = new StringWriter();
        new JsonReportWriter().Write(report, text);
        return text.ToString();
    }

    private static string Json(CumulativeView view) => ViewJson.Of(view);

    public static TheoryData<string> Groupings() =>
    [
        string.Join(",", CumulativeGrouping.Default),
        "model,difficulty",
        "prompt_type,tool_success_rate,sample_index",
        "run_id,model,test_method",
        "dataset_split,model",
        "host,model",
        "outcome",
    ];

    [Theory]
    [MemberData(nameof(Groupings))]
    public void Build_EveryGrouping_GivesTheReportOfEachViewsOwnLookupToTheLastDigit(string grouping)
    {
        var dimensions = grouping.Split(',');
        var records = Records();

        var report = new ReportBuilder(dimensions).AddRange(records).Build("Nightly", GeneratedAt, "store");
        var expected = ByEachViewsOwnLookup(dimensions, records);

        Assert.Equal(Json(expected), Json(report));
        // The views the JSON report leaves out, and the model snapshots told apart in them.
        Assert.Equal(Json(expected.ModelByPromptType), Json(report.ModelByPromptType));
        Assert.Equal(Json(expected.ModelByDifficulty), Json(report.ModelByDifficulty));
        Assert.Contains(report.ModelByDifficulty.Groups, g => g.Key[0] == "gpt-4o (gpt-4o-2024-11-20)");
        Assert.Equal(records.Count, report.View.Totals.Records);
    }

    [Fact]
    public void Build_JsonReport_TestsNoRunUntilTheTrendsAreRead()
    {
        var records = Records();

        var report = new ReportBuilder(CumulativeGrouping.Default).AddRange(records).Build("Nightly", GeneratedAt, "store");
        var json = Json(report);

        // The JSON report shows no trends, so their per-run tests (most of a many-run report's time) never ran.
        Assert.False(report.TrendSource.IsValueCreated);
        Assert.Equal(Json(ByEachViewsOwnLookup(CumulativeGrouping.Default, records)), json);
        var expected = ByEachViewsOwnLookup(CumulativeGrouping.Default, records).Trends;
        Assert.Equal(Rows(expected), Rows(report.Trends));
        Assert.True(report.TrendSource.IsValueCreated);
    }

    private static string Rows(RunTrends trends) =>
        string.Join("\n", ReportText.TrendRows(trends).Select(row => string.Join(" | ", row)));
}
