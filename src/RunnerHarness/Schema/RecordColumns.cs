namespace RunnerHarness.Schema;

/// <summary>
/// The column names of a <see cref="ResultRecord"/>, the same in JSON Lines and Parquet.
/// These names are a public contract: add columns, never rename or change the meaning of one.
/// </summary>
public static class RecordColumns
{
    /// <summary>The record format version the writer used.</summary>
    public const string FormatVersion = "format_version";

    /// <summary>A unique id per record (a time-ordered UUID); readers deduplicate on it.</summary>
    public const string RecordId = "record_id";

    /// <summary>The run that wrote the record.</summary>
    public const string RunId = "run_id";

    /// <summary>The matrix cell and sample, stable across runs; top-up counts by it.</summary>
    public const string CaseKey = "case_key";

    /// <summary>The test assembly name.</summary>
    public const string Assembly = "assembly";

    /// <summary>The full name of the test class.</summary>
    public const string TestClass = "test_class";

    /// <summary>The test method name.</summary>
    public const string TestMethod = "test_method";

    /// <summary>The display name xUnit reported.</summary>
    public const string DisplayName = "display_name";

    /// <summary><c>passed</c>, <c>failed</c> or <c>skipped</c>.</summary>
    public const string Outcome = "outcome";

    /// <summary>When the test started (UTC).</summary>
    public const string StartedAt = "started_at";

    /// <summary>When the test finished (UTC).</summary>
    public const string FinishedAt = "finished_at";

    /// <summary>The test duration in milliseconds.</summary>
    public const string DurationMs = "duration_ms";

    /// <summary>The model under test.</summary>
    public const string Model = "model";

    /// <summary>The provider that served the model.</summary>
    public const string Provider = "provider";

    /// <summary>The prompt type.</summary>
    public const string PromptType = "prompt_type";

    /// <summary>The difficulty.</summary>
    public const string Difficulty = "difficulty";

    /// <summary>The task type.</summary>
    public const string TaskType = "task_type";

    /// <summary>The simulated tool success rate (0 to 1).</summary>
    public const string ToolSuccessRate = "tool_success_rate";

    /// <summary>The flaw of a flawed prompt.</summary>
    public const string FlawType = "flaw_type";

    /// <summary>The sample number within the cell, from 0.</summary>
    public const string SampleIndex = "sample_index";

    /// <summary><c>full_success</c>, <c>partial_success</c> or <c>failure</c>.</summary>
    public const string SuccessLevel = "success_level";

    /// <summary>One of <see cref="Schema.ErrorCategory"/>.</summary>
    public const string ErrorCategory = "error_category";

    /// <summary>The failure message.</summary>
    public const string ErrorMessage = "error_message";

    /// <summary>Conversation turns used.</summary>
    public const string Turns = "turns";

    /// <summary>Tool calls made.</summary>
    public const string ToolCalls = "tool_calls";

    /// <summary>The workflow score (0 to 1).</summary>
    public const string WorkflowScore = "workflow_score";

    /// <summary>The phase-2 score (0 to 1).</summary>
    public const string Phase2Score = "phase2_score";

    /// <summary>The quality score (0 to 1).</summary>
    public const string QualityScore = "quality_score";

    /// <summary>The final score (0 to 1).</summary>
    public const string FinalScore = "final_score";

    /// <summary>Required tools executed over required tools.</summary>
    public const string ToolCoverageRate = "tool_coverage_rate";

    /// <summary>Input tokens used.</summary>
    public const string InputTokens = "input_tokens";

    /// <summary>Output tokens used.</summary>
    public const string OutputTokens = "output_tokens";

    /// <summary>The attempt number, from 1.</summary>
    public const string Attempt = "attempt";

    /// <summary>The machine that ran the test.</summary>
    public const string Host = "host";

    /// <summary>The process that ran the test.</summary>
    public const string ProcessId = "process_id";

    /// <summary>The shard, as <c>i/n</c>.</summary>
    public const string Shard = "shard";

    /// <summary>Custom dimensions (string to string).</summary>
    public const string Dimensions = "dimensions";

    /// <summary>Custom metrics (string to double).</summary>
    public const string Metrics = "metrics";

    /// <summary>The exception type of a failure.</summary>
    public const string ExceptionType = "exception_type";

    /// <summary>What the test wrote to its output helper.</summary>
    public const string Output = "output";

    /// <summary>The test traits (name to comma-joined values).</summary>
    public const string Traits = "traits";

    /// <summary>True for records rebuilt from aggregates by an import; such records are lossy.</summary>
    public const string Reconstructed = "reconstructed";
}
