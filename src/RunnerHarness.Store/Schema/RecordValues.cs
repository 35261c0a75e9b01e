namespace RunnerHarness.Schema;

/// <summary>The stored spellings of the record's enumerations, shared by every format.</summary>
internal static class RecordValues
{
    /// <summary><c>passed</c>, <c>failed</c> or <c>skipped</c>.</summary>
    public static string ToWire(TestOutcome outcome) => outcome switch
    {
        TestOutcome.Passed => "passed",
        TestOutcome.Failed => "failed",
        TestOutcome.Skipped => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not a test outcome."),
    };

    /// <summary><c>full_success</c>, <c>partial_success</c> or <c>failure</c>.</summary>
    public static string ToWire(SuccessLevel level) => level switch
    {
        SuccessLevel.FullSuccess => "full_success",
        SuccessLevel.PartialSuccess => "partial_success",
        SuccessLevel.Failure => "failure",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Not a success level."),
    };

    /// <summary>Parses a stored outcome.</summary>
    /// <exception cref="FormatException">Not one of the spellings.</exception>
    public static TestOutcome ParseOutcome(string text) => text switch
    {
        "passed" => TestOutcome.Passed,
        "failed" => TestOutcome.Failed,
        "skipped" => TestOutcome.Skipped,
        _ => throw new FormatException($"'{text}' is not an outcome; valid: passed, failed, skipped."),
    };

    /// <summary>Parses a stored success level.</summary>
    /// <exception cref="FormatException">Not one of the spellings.</exception>
    public static SuccessLevel ParseSuccessLevel(string text) => text switch
    {
        "full_success" => SuccessLevel.FullSuccess,
        "partial_success" => SuccessLevel.PartialSuccess,
        "failure" => SuccessLevel.Failure,
        _ => throw new FormatException($"'{text}' is not a success level; valid: full_success, partial_success, failure."),
    };
}
