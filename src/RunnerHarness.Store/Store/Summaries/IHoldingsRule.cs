using RunnerHarness.Schema;

namespace RunnerHarness.Store.Summaries;

/// <summary>
/// The rule a <see cref="SegmentSummary"/> counts held samples by: which record holds which sample, and how a
/// <c>case_key</c> splits into its cell and sample index. The store does not define it (what a model result is and what a
/// case key means belong to the layers above it); the caller that writes, reads or checks summaries hands it in, and
/// every caller of one store must hand in the same rule, or summaries written by one disagree with those computed by
/// another. The harness's rule is <c>RunnerHarness.Aggregation.SampleHoldings.Rule</c>.
/// </summary>
internal interface IHoldingsRule
{
    /// <summary>The record columns <see cref="HeldSampleOf"/> reads; a summary reads no others of them.</summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>
    /// The <c>case_key</c> of the sample <paramref name="record"/> holds, or <see langword="null"/> when it holds none (it
    /// has no <c>case_key</c>, or it is not a result that holds its sample).
    /// </summary>
    string? HeldSampleOf(ResultRecord record);

    /// <summary>
    /// The length of the cell key and the sample index of <paramref name="caseKey"/>, when its sample part is one the
    /// summary can keep as a number (joining cell and index gives back the same key); otherwise <see langword="null"/>,
    /// and the summary keeps the key whole.
    /// </summary>
    (int CellLength, int Sample)? SplitSample(string caseKey);
}
