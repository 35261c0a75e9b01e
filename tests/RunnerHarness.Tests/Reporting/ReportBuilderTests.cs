using RunnerHarness.Aggregation;
using RunnerHarness.Reporting;
using RunnerHarness.Schema;

namespace RunnerHarness.Tests.Reporting;

public sealed class ReportBuilderTests
{
    private static readonly DateTimeOffset GeneratedAt = new(2026, 12, 6, 20, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Build_RecordsOverManyTrendBatches_TrendsAndViewsEqualOneSequentialPassEach()
    {
        // 25,000 records: three runs, six trend batches and a part batch handed to the pool thread.
        var records = TestRecords.Varied(25_000, seed: 71);
        var dimensions = new[] { RecordColumns.Model, RecordColumns.PromptType, RecordColumns.Difficulty };

        var report = new ReportBuilder(dimensions).AddRange(records).Build("trends", GeneratedAt, "/stores/nightly");

        var trends = new RunTrendBuilder();
        var view = new CumulativeAggregator(dimensions);
        foreach (var record in records)
        {
            trends.Add(record);
            view.Add(record);
        }

        var expected = trends.Build();
        Assert.Equal(3, expected.Models.Max(m => m.Runs.Count));
        Assert.Equivalent(expected, report.Trends, strict: true);
        Assert.Equivalent(view.Build(), report.View, strict: true);
    }

    [Fact]
    public void Build_NoRecords_HasNoTrends()
    {
        var report = new ReportBuilder([RecordColumns.Model]).Build("empty", GeneratedAt, "/stores/empty");

        Assert.Empty(report.Trends.Models);
        Assert.Equal(0, report.View.Totals.Records);
    }
}
