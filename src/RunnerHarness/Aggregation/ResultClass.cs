namespace RunnerHarness.Aggregation;

/// <summary>
/// What a record counts as in every aggregate. Only <see cref="FullSuccess"/>, <see cref="PartialSuccess"/>
/// and <see cref="Failure"/> are model results and enter totals, rates and means; the other two are counted apart.
/// </summary>
internal enum ResultClass
{
    /// <summary>The model completed the task in full.</summary>
    FullSuccess,

    /// <summary>The model completed the task in part.</summary>
    PartialSuccess,

    /// <summary>The model failed the task.</summary>
    Failure,

    /// <summary>The test was skipped: it says nothing about the model.</summary>
    Skipped,

    /// <summary>The test failed for an infrastructure reason (rate limit, provider or harness error): retried, not scored.</summary>
    Infrastructure,
}
