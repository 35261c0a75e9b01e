namespace RunnerHarness.Schema;

/// <summary>
/// The spellings of <c>error_category</c>: the seed's eight model-failure categories, and the
/// infrastructure categories that are kept apart so they can be retried and left out of model scores.
/// </summary>
public static class ErrorCategory
{
    /// <summary>The model ran out of time.</summary>
    public const string Timeout = "timeout";

    /// <summary>The model's tool calls were malformed, or it made none.</summary>
    public const string ToolCallFormat = "tool_call_format";

    /// <summary>The model reached the turn limit.</summary>
    public const string MaxTurns = "max_turns";

    /// <summary>The model chose the wrong tools.</summary>
    public const string ToolSelection = "tool_selection";

    /// <summary>The model passed wrong parameters or arguments.</summary>
    public const string ParameterConfig = "parameter_config";

    /// <summary>The model called tools in the wrong order.</summary>
    public const string SequenceOrder = "sequence_order";

    /// <summary>The model ignored a dependency or prerequisite.</summary>
    public const string Dependency = "dependency";

    /// <summary>Any other model failure.</summary>
    public const string Other = "other";

    /// <summary>Infrastructure: the provider refused the call for rate limits.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>Infrastructure: the provider failed (5xx, connection, malformed reply).</summary>
    public const string ProviderError = "provider_error";

    /// <summary>Infrastructure: the harness itself failed (setup, cancelled run).</summary>
    public const string HarnessError = "harness_error";

    /// <summary>The model-failure categories, in the seed's order.</summary>
    public static IReadOnlyList<string> ModelCategories { get; } =
        [ToolCallFormat, Timeout, MaxTurns, ToolSelection, ParameterConfig, SequenceOrder, Dependency, Other];

    /// <summary>The infrastructure categories: retried by top-up and left out of model scores.</summary>
    public static IReadOnlyList<string> InfrastructureCategories { get; } = [RateLimited, ProviderError, HarnessError];

    /// <summary>Every category this version knows.</summary>
    public static IReadOnlyList<string> All { get; } = [.. ModelCategories, .. InfrastructureCategories];

    /// <summary>Whether <paramref name="category"/> is an infrastructure failure rather than a model failure.</summary>
    // Compared by hand, not by Enumerable.Contains: every report classifies each record with this, and the LINQ call
    // allocated an enumerator a record.
    public static bool IsInfrastructure(string? category) =>
        category is not null && (string.Equals(category, RateLimited, StringComparison.Ordinal)
            || string.Equals(category, ProviderError, StringComparison.Ordinal)
            || string.Equals(category, HarnessError, StringComparison.Ordinal));

    /// <summary>Whether <paramref name="category"/> is one of the known spellings.</summary>
    public static bool IsKnown(string? category) => category is not null && All.Contains(category, StringComparer.Ordinal);
}
