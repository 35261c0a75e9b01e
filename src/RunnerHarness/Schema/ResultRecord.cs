using System.Text.Json.Serialization;

namespace RunnerHarness.Schema;

/// <summary>
/// One test result as the store keeps it: one row in Parquet, one line in JSON Lines, with the
/// column names of <see cref="RecordColumns"/>. Values that do not apply are <see langword="null"/>.
/// </summary>
public sealed class ResultRecord
{
    /// <summary>
    /// The record format this version writes. Bump it when a column is added or a writer changes how
    /// a value is stored, so readers can tell old rows from new ones; never reuse a number.
    /// </summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The record format version the writer used.</summary>
    [JsonPropertyName(RecordColumns.FormatVersion)]
    public int FormatVersion { get; set; } = CurrentFormatVersion;

    /// <summary>
    /// A unique id; readers count a record once per id. Empty until <see cref="Store.RecordWriter.Append"/>
    /// assigns a new time-ordered UUID to a record that has none; a stored record always has one.
    /// </summary>
    [JsonPropertyName(RecordColumns.RecordId)]
    public string RecordId { get; set; } = string.Empty;

    /// <summary>The run that wrote the record.</summary>
    [JsonPropertyName(RecordColumns.RunId)]
    public string? RunId { get; set; }

    /// <summary>The matrix cell and sample, stable across runs; top-up counts records by it.</summary>
    [JsonPropertyName(RecordColumns.CaseKey)]
    public string? CaseKey { get; set; }

    /// <summary>The test assembly name.</summary>
    [JsonPropertyName(RecordColumns.Assembly)]
    public string? Assembly { get; set; }

    /// <summary>The full name of the test class.</summary>
    [JsonPropertyName(RecordColumns.TestClass)]
    public string? TestClass { get; set; }

    /// <summary>The test method name.</summary>
    [JsonPropertyName(RecordColumns.TestMethod)]
    public string? TestMethod { get; set; }

    /// <summary>The display name xUnit reported.</summary>
    [JsonPropertyName(RecordColumns.DisplayName)]
    public string? DisplayName { get; set; }

    /// <summary>What xUnit reported.</summary>
    [JsonPropertyName(RecordColumns.Outcome)]
    public TestOutcome Outcome { get; set; }

    /// <summary>When the test started: a UTC instant to the microsecond, whatever is set (see <see cref="RecordTimestamp"/>).</summary>
    [JsonPropertyName(RecordColumns.StartedAt)]
    public DateTime? StartedAt { get; set => field = RecordTimestamp.Normalize(value); }

    /// <summary>When the test finished: a UTC instant to the microsecond, whatever is set (see <see cref="RecordTimestamp"/>).</summary>
    [JsonPropertyName(RecordColumns.FinishedAt)]
    public DateTime? FinishedAt { get; set => field = RecordTimestamp.Normalize(value); }

    /// <summary>The test duration in milliseconds.</summary>
    [JsonPropertyName(RecordColumns.DurationMs)]
    public double? DurationMs { get; set; }

    /// <summary>The model under test.</summary>
    [JsonPropertyName(RecordColumns.Model)]
    public string? Model { get; set; }

    /// <summary>The provider that served the model.</summary>
    [JsonPropertyName(RecordColumns.Provider)]
    public string? Provider { get; set; }

    /// <summary>The prompt type, e.g. <c>optimal</c> or <c>flawed_tool_misuse</c>.</summary>
    [JsonPropertyName(RecordColumns.PromptType)]
    public string? PromptType { get; set; }

    /// <summary>The difficulty, e.g. <c>easy</c>.</summary>
    [JsonPropertyName(RecordColumns.Difficulty)]
    public string? Difficulty { get; set; }

    /// <summary>The task type, e.g. <c>simple_task</c>.</summary>
    [JsonPropertyName(RecordColumns.TaskType)]
    public string? TaskType { get; set; }

    /// <summary>The simulated tool success rate, from 0 to 1.</summary>
    [JsonPropertyName(RecordColumns.ToolSuccessRate)]
    public double? ToolSuccessRate { get; set; }

    /// <summary>The flaw of a flawed prompt.</summary>
    [JsonPropertyName(RecordColumns.FlawType)]
    public string? FlawType { get; set; }

    /// <summary>The sample number within the matrix cell, from 0.</summary>
    [JsonPropertyName(RecordColumns.SampleIndex)]
    public int? SampleIndex { get; set; }

    /// <summary>How well the model did; <see langword="null"/> when the test did not say.</summary>
    [JsonPropertyName(RecordColumns.SuccessLevel)]
    public SuccessLevel? SuccessLevel { get; set; }

    /// <summary>One of the spellings in <see cref="Schema.ErrorCategory"/>.</summary>
    [JsonPropertyName(RecordColumns.ErrorCategory)]
    public string? ErrorCategory { get; set; }

    /// <summary>The failure message.</summary>
    [JsonPropertyName(RecordColumns.ErrorMessage)]
    public string? ErrorMessage { get; set; }

    /// <summary>Conversation turns used.</summary>
    [JsonPropertyName(RecordColumns.Turns)]
    public int? Turns { get; set; }

    /// <summary>Tool calls made.</summary>
    [JsonPropertyName(RecordColumns.ToolCalls)]
    public int? ToolCalls { get; set; }

    /// <summary>The workflow score, from 0 to 1.</summary>
    [JsonPropertyName(RecordColumns.WorkflowScore)]
    public double? WorkflowScore { get; set; }

    /// <summary>The phase-2 score, from 0 to 1.</summary>
    [JsonPropertyName(RecordColumns.Phase2Score)]
    public double? Phase2Score { get; set; }

    /// <summary>The quality score, from 0 to 1.</summary>
    [JsonPropertyName(RecordColumns.QualityScore)]
    public double? QualityScore { get; set; }

    /// <summary>The final score, from 0 to 1.</summary>
    [JsonPropertyName(RecordColumns.FinalScore)]
    public double? FinalScore { get; set; }

    /// <summary>Required tools that were executed, over required tools.</summary>
    [JsonPropertyName(RecordColumns.ToolCoverageRate)]
    public double? ToolCoverageRate { get; set; }

    /// <summary>Input tokens used.</summary>
    [JsonPropertyName(RecordColumns.InputTokens)]
    public long? InputTokens { get; set; }

    /// <summary>Output tokens used.</summary>
    [JsonPropertyName(RecordColumns.OutputTokens)]
    public long? OutputTokens { get; set; }

    /// <summary>The attempt number, from 1.</summary>
    [JsonPropertyName(RecordColumns.Attempt)]
    public int? Attempt { get; set; }

    /// <summary>The machine that ran the test.</summary>
    [JsonPropertyName(RecordColumns.Host)]
    public string? Host { get; set; }

    /// <summary>The process that ran the test.</summary>
    [JsonPropertyName(RecordColumns.ProcessId)]
    public int? ProcessId { get; set; }

    /// <summary>The shard that ran the test, as <c>i/n</c>.</summary>
    [JsonPropertyName(RecordColumns.Shard)]
    public string? Shard { get; set; }

    /// <summary>Custom dimensions: theory arguments without a column of their own, and test-defined ones.</summary>
    [JsonPropertyName(RecordColumns.Dimensions)]
    public Dictionary<string, string>? Dimensions { get; set; }

    /// <summary>Custom metrics.</summary>
    [JsonPropertyName(RecordColumns.Metrics)]
    public Dictionary<string, double>? Metrics { get; set; }

    /// <summary>The exception type of a failed test.</summary>
    [JsonPropertyName(RecordColumns.ExceptionType)]
    public string? ExceptionType { get; set; }

    /// <summary>What the test wrote to its output helper.</summary>
    [JsonPropertyName(RecordColumns.Output)]
    public string? Output { get; set; }

    /// <summary>The test's traits: name to comma-joined values.</summary>
    [JsonPropertyName(RecordColumns.Traits)]
    public Dictionary<string, string>? Traits { get; set; }

    /// <summary>True for records an import rebuilt from aggregates; such records carry counts, not per-test detail.</summary>
    [JsonPropertyName(RecordColumns.Reconstructed)]
    public bool? Reconstructed { get; set; }

    /// <summary>A new time-ordered record id.</summary>
    public static string NewRecordId() => Guid.CreateVersion7().ToString("D");
}
