namespace RunnerHarness.Aggregation;

/// <summary>
/// The seed's "assisted" figures: model results whose <c>metrics["format_error_count"]</c> is above 0,
/// i.e. tests where the harness had to help with the tool-call format.
/// </summary>
/// <param name="TestsWithAssistance">Model results that needed help.</param>
/// <param name="AssistedSuccess">Of those, full or partial successes.</param>
/// <param name="AssistedFailure">Of those, failures.</param>
/// <param name="TotalAssistedTurns">The sum of their <c>format_error_count</c>.</param>
internal sealed record AssistanceStatistics(long TestsWithAssistance, long AssistedSuccess, long AssistedFailure, double TotalAssistedTurns)
{
    /// <summary>The metric key that carries the number of assisted turns.</summary>
    public const string FormatErrorCountMetric = "format_error_count";
}
