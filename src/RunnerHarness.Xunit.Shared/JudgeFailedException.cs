namespace RunnerHarness.Xunit;

/// <summary>
/// An evaluator run by <see cref="ModelTestContext.EvaluateAsync"/> reported an error for a metric (a judge answer it
/// could not read, a missing context): the test fails with the evaluator's diagnostics instead of recording a metric
/// the judge never gave.
/// </summary>
public sealed class JudgeFailedException : Exception
{
    /// <summary>Makes the exception.</summary>
    public JudgeFailedException()
    {
    }

    /// <summary>Makes the exception with <paramref name="message"/>.</summary>
    public JudgeFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Makes the exception with <paramref name="message"/> and <paramref name="innerException"/>.</summary>
    public JudgeFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
