using System.Text.Json.Serialization;

namespace RunnerHarness.Schema;

/// <summary>The outcome xUnit reported for one test; stored as <c>passed</c>, <c>failed</c> or <c>skipped</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TestOutcome>))]
public enum TestOutcome
{
    /// <summary>The test passed.</summary>
    [JsonStringEnumMemberName("passed")]
    Passed,

    /// <summary>The test failed (an assertion or an exception).</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>The test was skipped and says nothing about the model.</summary>
    [JsonStringEnumMemberName("skipped")]
    Skipped,
}
