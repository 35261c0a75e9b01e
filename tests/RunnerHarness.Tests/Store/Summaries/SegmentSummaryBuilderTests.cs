using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store.Summaries;

namespace RunnerHarness.Tests.Store.Summaries;

/// <summary>
/// A summary counts held samples by the rule its caller gives it (<see cref="IHoldingsRule"/>), not by one of its own:
/// the store cannot see aggregation or matrices, so the harness hands in <see cref="SampleHoldings.Rule"/>.
/// </summary>
public sealed class SegmentSummaryBuilderTests
{
    private const string Cell = "WorkflowBench.Tests#WorkflowBench.Batch.Run|model=gpt-4o-mini|prompt_type=optimal|difficulty=hard";

    private static readonly ResultRecord[] Records =
    [
        Record(0, SuccessLevel.FullSuccess, TestOutcome.Passed),
        Record(1, SuccessLevel.Failure, TestOutcome.Failed),
        Record(2, SuccessLevel.PartialSuccess, TestOutcome.Passed),
        Record(3, null, TestOutcome.Skipped),
    ];

    [Fact]
    public void Build_WithTheHarnessRule_HoldsEveryModelResult()
    {
        var summary = new SegmentSummaryBuilder(SampleHoldings.Rule).AddRange(Records).Build();

        Assert.Equal([0, 1, 2], Assert.Single(summary.HeldSamples, p => p.Key == Cell).Value);
        Assert.Empty(summary.HeldKeys);
    }

    [Fact]
    public void Build_WithAnotherRule_HoldsWhatThatRuleHolds()
    {
        var rule = new FullSuccessOnlyRule();

        var builder = new SegmentSummaryBuilder(rule);
        var summary = builder.AddRange(Records).Build();

        Assert.Equal([0], Assert.Single(summary.HeldSamples, p => p.Key == Cell).Value);
        Assert.Equal(4, rule.Asked);
        Assert.Contains(RecordColumns.SuccessLevel, builder.Columns);
        Assert.Equal(builder.Columns.Count, builder.Columns.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Build_AKeyTheRuleCannotSplit_IsKeptWhole()
    {
        var whole = $"{Cell}|#01";
        var record = Record(0, SuccessLevel.FullSuccess, TestOutcome.Passed, whole);

        var summary = new SegmentSummaryBuilder(SampleHoldings.Rule).AddRange([record]).Build();

        Assert.Empty(summary.HeldSamples);
        Assert.Equal([whole], summary.HeldKeys);
    }

    [Fact]
    public void Constructor_WithoutARule_Throws()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new SegmentSummaryBuilder(null!));

        Assert.Equal("holdings", error.ParamName);
    }

    private static ResultRecord Record(int sample, SuccessLevel? level, TestOutcome outcome, string? caseKey = null) => new()
    {
        RecordId = $"0193a1b2-0000-7000-8000-00000000000{sample}",
        Assembly = "WorkflowBench.Tests",
        CaseKey = caseKey ?? $"{Cell}|#{sample}",
        Model = "gpt-4o-mini",
        PromptType = "optimal",
        Difficulty = "hard",
        SampleIndex = sample,
        Outcome = outcome,
        SuccessLevel = level,
        RunId = "run-20261206-1910",
        FinishedAt = new DateTime(2026, 12, 6, 19, 10, sample, DateTimeKind.Utc),
    };

    // A stricter rule than the harness's: only full successes hold their sample; splits keys as the harness does.
    private sealed class FullSuccessOnlyRule : IHoldingsRule
    {
        public int Asked { get; private set; }

        public IReadOnlyList<string> Columns { get; } = [RecordColumns.CaseKey, RecordColumns.SuccessLevel];

        public string? HeldSampleOf(ResultRecord record)
        {
            Asked++;
            return record.SuccessLevel == SuccessLevel.FullSuccess ? record.CaseKey : null;
        }

        public (int CellLength, int Sample)? SplitSample(string caseKey) => SampleHoldings.Rule.SplitSample(caseKey);
    }
}
