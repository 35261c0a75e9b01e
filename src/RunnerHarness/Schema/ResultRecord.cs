using System.Text.Json.Serialization;

namespace RunnerHarness.Schema;

/// <summary>
/// One test result as the store keeps it: one row in Parquet, one line in JSON Lines, with the
/// column names of <see cref="RecordColumns"/>. Values that do not apply are <see langword="null"/>.
/// A record is not changed once it is made: it is built with an object initializer, read from a store, or
/// assembled step by step with a <see cref="ResultRecordBuilder"/>, which is where the steps' order is decided.
/// </summary>
public sealed class ResultRecord : IRecordAxisValues
{
    /// <summary>
    /// The record format this version writes. Bump it when a column is added or a writer changes how
    /// a value is stored, so readers can tell old rows from new ones; never reuse a number.
    /// </summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The record format version the writer used.</summary>
    [JsonPropertyName(RecordColumns.FormatVersion)]
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>
    /// A unique id; readers count a record once per id. Default: empty; <see cref="ResultRecordBuilder.Build"/> draws a
    /// new time-ordered UUID when none is set, and <see cref="Store.RecordWriter.Append"/> stores a copy with one for a
    /// record made without, so a stored record always has one.
    /// </summary>
    [JsonPropertyName(RecordColumns.RecordId)]
    public string RecordId { get; init; } = string.Empty;

    /// <summary>The run that wrote the record.</summary>
    [JsonPropertyName(RecordColumns.RunId)]
    public string? RunId { get; init; }

    /// <summary>The matrix cell and sample, stable across runs; top-up counts records by it.</summary>
    [JsonPropertyName(RecordColumns.CaseKey)]
    public string? CaseKey { get; init; }

    /// <summary>The test assembly name.</summary>
    [JsonPropertyName(RecordColumns.Assembly)]
    public string? Assembly { get; init; }

    /// <summary>The full name of the test class.</summary>
    [JsonPropertyName(RecordColumns.TestClass)]
    public string? TestClass { get; init; }

    /// <summary>The test method name.</summary>
    [JsonPropertyName(RecordColumns.TestMethod)]
    public string? TestMethod { get; init; }

    /// <summary>The display name xUnit reported.</summary>
    [JsonPropertyName(RecordColumns.DisplayName)]
    public string? DisplayName { get; init; }

    /// <summary>What xUnit reported.</summary>
    [JsonPropertyName(RecordColumns.Outcome)]
    public TestOutcome Outcome { get; init; }

    /// <summary>When the test started: a UTC instant to the microsecond, whatever is set (see <see cref="RecordTimestamp"/>).</summary>
    [JsonPropertyName(RecordColumns.StartedAt)]
    public DateTime? StartedAt { get; init => field = RecordTimestamp.Normalize(value); }

    /// <summary>When the test finished: a UTC instant to the microsecond, whatever is set (see <see cref="RecordTimestamp"/>).</summary>
    [JsonPropertyName(RecordColumns.FinishedAt)]
    public DateTime? FinishedAt { get; init => field = RecordTimestamp.Normalize(value); }

    /// <summary>The test duration in milliseconds.</summary>
    [JsonPropertyName(RecordColumns.DurationMs)]
    public double? DurationMs { get; init; }

    /// <summary>The model under test.</summary>
    [JsonPropertyName(RecordColumns.Model)]
    public string? Model { get; init; }

    /// <summary>The provider that served the model.</summary>
    [JsonPropertyName(RecordColumns.Provider)]
    public string? Provider { get; init; }

    /// <summary>The prompt type, e.g. <c>optimal</c> or <c>flawed_tool_misuse</c>.</summary>
    [JsonPropertyName(RecordColumns.PromptType)]
    public string? PromptType { get; init; }

    /// <summary>The difficulty, e.g. <c>easy</c>.</summary>
    [JsonPropertyName(RecordColumns.Difficulty)]
    public string? Difficulty { get; init; }

    /// <summary>The task type, e.g. <c>simple_task</c>.</summary>
    [JsonPropertyName(RecordColumns.TaskType)]
    public string? TaskType { get; init; }

    /// <summary>The simulated tool success rate, from 0 to 1.</summary>
    [JsonPropertyName(RecordColumns.ToolSuccessRate)]
    public double? ToolSuccessRate { get; init; }

    /// <summary>The flaw of a flawed prompt.</summary>
    [JsonPropertyName(RecordColumns.FlawType)]
    public string? FlawType { get; init; }

    /// <summary>The sample number within the matrix cell, from 0.</summary>
    [JsonPropertyName(RecordColumns.SampleIndex)]
    public int? SampleIndex { get; init; }

    /// <summary>How well the model did; <see langword="null"/> when the test did not say.</summary>
    [JsonPropertyName(RecordColumns.SuccessLevel)]
    public SuccessLevel? SuccessLevel { get; init; }

    /// <summary>One of the spellings in <see cref="Schema.ErrorCategory"/>.</summary>
    [JsonPropertyName(RecordColumns.ErrorCategory)]
    public string? ErrorCategory { get; init; }

    /// <summary>The failure message.</summary>
    [JsonPropertyName(RecordColumns.ErrorMessage)]
    public string? ErrorMessage { get; init; }

    /// <summary>Conversation turns used.</summary>
    [JsonPropertyName(RecordColumns.Turns)]
    public int? Turns { get; init; }

    /// <summary>Tool calls made.</summary>
    [JsonPropertyName(RecordColumns.ToolCalls)]
    public int? ToolCalls { get; init; }

    /// <summary>The workflow score, from 0 to 1.</summary>
    [JsonPropertyName(RecordColumns.WorkflowScore)]
    public double? WorkflowScore { get; init; }

    /// <summary>The phase-2 score, from 0 to 1.</summary>
    [JsonPropertyName(RecordColumns.Phase2Score)]
    public double? Phase2Score { get; init; }

    /// <summary>The quality score, from 0 to 1.</summary>
    [JsonPropertyName(RecordColumns.QualityScore)]
    public double? QualityScore { get; init; }

    /// <summary>The final score, from 0 to 1.</summary>
    [JsonPropertyName(RecordColumns.FinalScore)]
    public double? FinalScore { get; init; }

    /// <summary>Required tools that were executed, over required tools.</summary>
    [JsonPropertyName(RecordColumns.ToolCoverageRate)]
    public double? ToolCoverageRate { get; init; }

    /// <summary>Input tokens used.</summary>
    [JsonPropertyName(RecordColumns.InputTokens)]
    public long? InputTokens { get; init; }

    /// <summary>Output tokens used.</summary>
    [JsonPropertyName(RecordColumns.OutputTokens)]
    public long? OutputTokens { get; init; }

    /// <summary>The attempt number, from 1.</summary>
    [JsonPropertyName(RecordColumns.Attempt)]
    public int? Attempt { get; init; }

    /// <summary>The machine that ran the test.</summary>
    [JsonPropertyName(RecordColumns.Host)]
    public string? Host { get; init; }

    /// <summary>The process that ran the test.</summary>
    [JsonPropertyName(RecordColumns.ProcessId)]
    public int? ProcessId { get; init; }

    /// <summary>The shard that ran the test, as <c>i/n</c>.</summary>
    [JsonPropertyName(RecordColumns.Shard)]
    public string? Shard { get; init; }

    /// <summary>Custom dimensions: theory arguments without a column of their own, and test-defined ones.</summary>
    [JsonPropertyName(RecordColumns.Dimensions)]
    public Dictionary<string, string>? Dimensions { get; init; }

    /// <summary>Custom metrics.</summary>
    [JsonPropertyName(RecordColumns.Metrics)]
    public Dictionary<string, double>? Metrics { get; init; }

    /// <summary>The exception type of a failed test.</summary>
    [JsonPropertyName(RecordColumns.ExceptionType)]
    public string? ExceptionType { get; init; }

    /// <summary>What the test wrote to its output helper.</summary>
    [JsonPropertyName(RecordColumns.Output)]
    public string? Output { get; init; }

    /// <summary>The test's traits: name to comma-joined values.</summary>
    [JsonPropertyName(RecordColumns.Traits)]
    public Dictionary<string, string>? Traits { get; init; }

    /// <summary>True for records an import rebuilt from aggregates; such records carry counts, not per-test detail.</summary>
    [JsonPropertyName(RecordColumns.Reconstructed)]
    public bool? Reconstructed { get; init; }

    /// <summary>A new time-ordered record id.</summary>
    public static string NewRecordId() => Guid.CreateVersion7().ToString("D");
}
