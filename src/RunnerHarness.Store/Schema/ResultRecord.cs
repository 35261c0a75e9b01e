using System.Text.Json.Serialization;

namespace RunnerHarness.Schema;

/// <summary>
/// One test result as the store keeps it: one row in Parquet, one line in JSON Lines, with the
/// column names of <see cref="RecordColumns"/>. Values that do not apply are <see langword="null"/>.
/// Each property marked <see cref="RecordColumnAttribute"/> is the one declaration of a column: its name and JSON key
/// (<c>[JsonPropertyName]</c>), type, nullability, doc text, the format version it appeared in and its hints. Every
/// other list of columns (<see cref="RecordColumns"/>, <see cref="RecordSchema.Columns"/>, the builder, the Parquet
/// columns) is generated from these declarations by <c>RunnerHarness.Schema.Generator</c>: adding a column is adding a
/// property here.
/// A record is not changed once it is made: it is built with an object initializer, read from a store, or
/// assembled step by step with a <see cref="ResultRecordBuilder"/>, which is where the steps' order is decided.
/// </summary>
public sealed class ResultRecord : IRecordAxisValues
{
    /// <summary>
    /// The record format this version writes. Bump it when a column is added or a writer changes how
    /// a value is stored, so readers can tell old rows from new ones; never reuse a number. Format 2 added
    /// <c>model_id</c>, <c>response_model</c> and <c>cost_usd</c>; format 3 added <c>item</c> and <c>item_hash</c>.
    /// </summary>
    public const int CurrentFormatVersion = 3;

    /// <summary>The record format version the writer used.</summary>
    [JsonPropertyName("format_version")]
    [RecordColumn(Since = 1)]
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>
    /// A unique id; readers count a record once per id. Default: empty; <see cref="ResultRecordBuilder.Build"/> draws a
    /// new time-ordered UUID when none is set, and <see cref="Store.RecordWriter.Append(ResultRecord)"/> stores a copy with one for a
    /// record made without, so a stored record always has one.
    /// </summary>
    [JsonPropertyName("record_id")]
    [RecordColumn(Since = 1, PlainEncoding = true)]
    public string RecordId { get; init; } = string.Empty;

    /// <summary>The run that wrote the record.</summary>
    [JsonPropertyName("run_id")]
    [RecordColumn(Since = 1)]
    public string? RunId { get; init; }

    /// <summary>The matrix cell and sample, stable across runs; top-up counts records by it.</summary>
    [JsonPropertyName("case_key")]
    [RecordColumn(Since = 1)]
    public string? CaseKey { get; init; }

    /// <summary>The test assembly name.</summary>
    [JsonPropertyName("assembly")]
    [RecordColumn(Since = 1)]
    public string? Assembly { get; init; }

    /// <summary>The full name of the test class.</summary>
    [JsonPropertyName("test_class")]
    [RecordColumn(Since = 1)]
    public string? TestClass { get; init; }

    /// <summary>The test method name.</summary>
    [JsonPropertyName("test_method")]
    [RecordColumn(Since = 1)]
    public string? TestMethod { get; init; }

    /// <summary>The display name xUnit reported.</summary>
    [JsonPropertyName("display_name")]
    [RecordColumn(Since = 1)]
    public string? DisplayName { get; init; }

    /// <summary>What xUnit reported.</summary>
    [JsonPropertyName("outcome")]
    [RecordColumn(Since = 1)]
    public TestOutcome Outcome { get; init; }

    /// <summary>When the test started: a UTC instant to the microsecond, whatever is set (see <see cref="RecordTimestamp"/>).</summary>
    [JsonPropertyName("started_at")]
    [RecordColumn(Since = 1)]
    public DateTime? StartedAt { get; init => field = RecordTimestamp.Normalize(value); }

    /// <summary>When the test finished: a UTC instant to the microsecond, whatever is set (see <see cref="RecordTimestamp"/>).</summary>
    [JsonPropertyName("finished_at")]
    [RecordColumn(Since = 1)]
    public DateTime? FinishedAt { get; init => field = RecordTimestamp.Normalize(value); }

    /// <summary>The test duration in milliseconds.</summary>
    [JsonPropertyName("duration_ms")]
    [RecordColumn(Since = 1)]
    public double? DurationMs { get; init; }

    /// <summary>The model under test.</summary>
    [JsonPropertyName("model")]
    [RecordColumn(Since = 1, Axis = RecordAxisKind.Matrix, AxisLabel = "models", Filterable = true, DefaultGroupingPosition = 1)]
    public string? Model { get; init; }

    /// <summary>The provider that served the model.</summary>
    [JsonPropertyName("provider")]
    [RecordColumn(Since = 1, Axis = RecordAxisKind.Matrix, AxisLabel = "providers", GivenPerModel = true)]
    public string? Provider { get; init; }

    /// <summary>The prompt type, e.g. <c>optimal</c> or <c>flawed_tool_misuse</c>.</summary>
    [JsonPropertyName("prompt_type")]
    [RecordColumn(Since = 1, Axis = RecordAxisKind.Matrix, AxisLabel = "prompt types", Filterable = true, DefaultGroupingPosition = 2)]
    public string? PromptType { get; init; }

    /// <summary>The difficulty, e.g. <c>easy</c>.</summary>
    [JsonPropertyName("difficulty")]
    [RecordColumn(Since = 1, Axis = RecordAxisKind.Matrix, AxisLabel = "difficulties", Filterable = true,
        ValueOrder = "very_easy,easy,medium,hard,very_hard", DefaultGroupingPosition = 4)]
    public string? Difficulty { get; init; }

    /// <summary>The task type, e.g. <c>simple_task</c>.</summary>
    [JsonPropertyName("task_type")]
    [RecordColumn(Since = 1, Axis = RecordAxisKind.Matrix, AxisLabel = "task types", Filterable = true, DefaultGroupingPosition = 5)]
    public string? TaskType { get; init; }

    /// <summary>The simulated tool success rate, from 0 to 1.</summary>
    [JsonPropertyName("tool_success_rate")]
    [RecordColumn(Since = 1, Axis = RecordAxisKind.Matrix, AxisLabel = "tool success rates", DefaultGroupingPosition = 3)]
    public double? ToolSuccessRate { get; init; }

    /// <summary>The flaw of a flawed prompt.</summary>
    [JsonPropertyName("flaw_type")]
    [RecordColumn(Since = 1, Axis = RecordAxisKind.Matrix, AxisLabel = "flaw types")]
    public string? FlawType { get; init; }

    /// <summary>The sample number within the matrix cell, from 0.</summary>
    [JsonPropertyName("sample_index")]
    [RecordColumn(Since = 1, Axis = RecordAxisKind.Sample, AxisLabel = "sample indices")]
    public int? SampleIndex { get; init; }

    /// <summary>How well the model did; <see langword="null"/> when the test did not say.</summary>
    [JsonPropertyName("success_level")]
    [RecordColumn(Since = 1)]
    public SuccessLevel? SuccessLevel { get; init; }

    /// <summary>One of the spellings in <see cref="Schema.ErrorCategory"/>.</summary>
    [JsonPropertyName("error_category")]
    [RecordColumn(Since = 1)]
    public string? ErrorCategory { get; init; }

    /// <summary>The failure message.</summary>
    [JsonPropertyName("error_message")]
    [RecordColumn(Since = 1)]
    public string? ErrorMessage { get; init; }

    /// <summary>Conversation turns used.</summary>
    [JsonPropertyName("turns")]
    [RecordColumn(Since = 1)]
    public int? Turns { get; init; }

    /// <summary>Tool calls made.</summary>
    [JsonPropertyName("tool_calls")]
    [RecordColumn(Since = 1)]
    public int? ToolCalls { get; init; }

    /// <summary>The workflow score, from 0 to 1.</summary>
    [JsonPropertyName("workflow_score")]
    [RecordColumn(Since = 1)]
    public double? WorkflowScore { get; init; }

    /// <summary>The phase-2 score, from 0 to 1.</summary>
    [JsonPropertyName("phase2_score")]
    [RecordColumn(Since = 1)]
    public double? Phase2Score { get; init; }

    /// <summary>The quality score, from 0 to 1.</summary>
    [JsonPropertyName("quality_score")]
    [RecordColumn(Since = 1)]
    public double? QualityScore { get; init; }

    /// <summary>The final score, from 0 to 1.</summary>
    [JsonPropertyName("final_score")]
    [RecordColumn(Since = 1)]
    public double? FinalScore { get; init; }

    /// <summary>Required tools that were executed, over required tools.</summary>
    [JsonPropertyName("tool_coverage_rate")]
    [RecordColumn(Since = 1)]
    public double? ToolCoverageRate { get; init; }

    /// <summary>Input tokens used.</summary>
    [JsonPropertyName("input_tokens")]
    [RecordColumn(Since = 1)]
    public long? InputTokens { get; init; }

    /// <summary>Output tokens used.</summary>
    [JsonPropertyName("output_tokens")]
    [RecordColumn(Since = 1)]
    public long? OutputTokens { get; init; }

    /// <summary>The attempt number, from 1.</summary>
    [JsonPropertyName("attempt")]
    [RecordColumn(Since = 1)]
    public int? Attempt { get; init; }

    /// <summary>The machine that ran the test.</summary>
    [JsonPropertyName("host")]
    [RecordColumn(Since = 1)]
    public string? Host { get; init; }

    /// <summary>The process that ran the test.</summary>
    [JsonPropertyName("process_id")]
    [RecordColumn(Since = 1)]
    public int? ProcessId { get; init; }

    /// <summary>The shard that ran the test, as <c>i/n</c>.</summary>
    [JsonPropertyName("shard")]
    [RecordColumn(Since = 1)]
    public string? Shard { get; init; }

    /// <summary>Custom dimensions: theory arguments without a column of their own, and test-defined ones.</summary>
    [JsonPropertyName("dimensions")]
    [RecordColumn(Since = 1)]
    public Dictionary<string, string>? Dimensions { get; init; }

    /// <summary>Custom metrics.</summary>
    [JsonPropertyName("metrics")]
    [RecordColumn(Since = 1)]
    public Dictionary<string, double>? Metrics { get; init; }

    /// <summary>The exception type of a failed test.</summary>
    [JsonPropertyName("exception_type")]
    [RecordColumn(Since = 1)]
    public string? ExceptionType { get; init; }

    /// <summary>What the test wrote to its output helper.</summary>
    [JsonPropertyName("output")]
    [RecordColumn(Since = 1, PlainEncoding = true)]
    public string? Output { get; init; }

    /// <summary>The test's traits: name to comma-joined values.</summary>
    [JsonPropertyName("traits")]
    [RecordColumn(Since = 1)]
    public Dictionary<string, string>? Traits { get; init; }

    /// <summary>True for records an import rebuilt from aggregates; such records carry counts, not per-test detail.</summary>
    [JsonPropertyName("reconstructed")]
    [RecordColumn(Since = 1)]
    public bool? Reconstructed { get; init; }

    /// <summary>
    /// The model id the provider was asked for (the models file's <c>model_id</c>, which may differ from <see cref="Model"/>,
    /// the name the matrix uses); null in records of format 1.
    /// </summary>
    [JsonPropertyName("model_id")]
    [RecordColumn(Since = 2)]
    public string? ModelId { get; init; }

    /// <summary>
    /// The model the provider says answered, when it says (an alias can resolve to a dated version); null when it did not
    /// say, and in records of format 1.
    /// </summary>
    [JsonPropertyName("response_model")]
    [RecordColumn(Since = 2)]
    public string? ResponseModel { get; init; }

    /// <summary>What the sample's model calls cost, in US dollars; null until the models file gives prices, and in records of format 1.</summary>
    [JsonPropertyName("cost_usd")]
    [RecordColumn(Since = 2)]
    public double? CostUsd { get; init; }

    /// <summary>
    /// The <c>id</c> of the dataset item the sample answered (a cell axis of a batch whose matrix has a dataset; see
    /// <c>docs/datasets.md</c>); null for a batch without a dataset, and in records of formats 1 and 2.
    /// </summary>
    [JsonPropertyName("item")]
    [RecordColumn(Since = 3, Axis = RecordAxisKind.Dataset, AxisLabel = "items")]
    public string? Item { get; init; }

    /// <summary>
    /// The version of the dataset item the sample answered: the first 12 hex digits of the SHA-256 of the item's canonical
    /// JSON. Part of the case key, so answers to two versions of an item under one <c>id</c> are never counted as one;
    /// null without a dataset, and in records of formats 1 and 2.
    /// </summary>
    [JsonPropertyName("item_hash")]
    [RecordColumn(Since = 3, Axis = RecordAxisKind.Derived, AxisLabel = "item versions")]
    public string? ItemHash { get; init; }

    /// <summary>A new time-ordered record id.</summary>
    public static string NewRecordId() => Guid.CreateVersion7().ToString("D");
}
