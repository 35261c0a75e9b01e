using RunnerHarness.Matrix;
using RunnerHarness.Schema;
using RunnerHarness.Store.Summaries;

namespace RunnerHarness.Aggregation;

/// <summary><see cref="SampleHoldings"/> as the rule the store's summaries count by; <see cref="SampleHoldings.Rule"/>.</summary>
internal sealed class SampleHoldingsRule : IHoldingsRule
{
    /// <inheritdoc />
    public IReadOnlyList<string> Columns => SampleHoldings.Columns;

    /// <inheritdoc />
    public string? HeldSampleOf(ResultRecord record) =>
        SampleHoldings.SampleOf(record) is { } key && SampleHoldings.Holds(record) ? key : null;

    /// <inheritdoc />
    public (int CellLength, int Sample)? SplitSample(string caseKey) => CaseKey.SplitSample(caseKey);
}
