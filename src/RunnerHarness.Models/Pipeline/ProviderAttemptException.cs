namespace RunnerHarness.Models.Pipeline;

/// <summary>One failed attempt, carried through the retry strategy; never leaves <see cref="ProviderPipeline"/>.</summary>
internal sealed class ProviderAttemptException(ProviderFailure failure, string detail) : Exception(failure.Description)
{
    /// <summary>What went wrong.</summary>
    public ProviderFailure Failure { get; } = failure;

    /// <summary>The provider's own words, keys redacted and cut short, or empty.</summary>
    public string Detail { get; } = detail;
}
