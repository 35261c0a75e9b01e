using RunnerHarness.Models.Usage;
using RunnerHarness.Schema;

namespace RunnerHarness.Xunit;

/// <summary>
/// What a running test knows about its sample that xUnit does not: success level, error category and
/// message, turns, tool calls, scores, tokens, custom metrics and dimensions. Every value set here lands
/// in the test's record; values left unset are stored as <see langword="null"/>.
/// </summary>
/// <remarks>
/// One context per test, reached through <see cref="Current"/> from the test class constructor, the test
/// body and anything it awaits. Tests running in parallel each see their own. The methods are thread-safe;
/// the properties are meant to be set from the test's own flow.
/// </remarks>
public sealed partial class ModelTestContext
{
    internal static readonly AsyncLocal<ModelTestContext?> CurrentContext = new();

    /// <summary>
    /// Finds the running test's context where the framework cannot set <see cref="CurrentContext"/> around the test
    /// (xUnit v3 runs tests through its own runners and names the running test in its TestContext); <see langword="null"/> under v2.
    /// </summary>
    internal static Func<ModelTestContext?>? AmbientResolver { get; set; }

    private readonly Lock _gate = new();
    private readonly Dictionary<string, double> _metrics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _dimensions = new(StringComparer.Ordinal);
    private string? _errorCategory;
    private long? _inputTokens;
    private long? _outputTokens;

    /// <summary>
    /// The context of the test running on this flow.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// No test of RunnerHarness' recording framework is running on this flow: the project does not import the
    /// RunnerHarness.Xunit build files, sets <c>RunnerHarnessDisableFramework</c>, or the call is outside a test.
    /// </exception>
    public static ModelTestContext Current => CurrentOrNull ?? throw new InvalidOperationException(
        "ModelTestContext.Current is only available inside a test run by RunnerHarness' recording framework. " +
        "Check that the test project references RunnerHarness.Xunit (xUnit v2) or RunnerHarness.Xunit.v3 (xUnit v3), which registers the framework, and does not set RunnerHarnessDisableFramework=true.");

    /// <summary>The context of the test running on this flow, or <see langword="null"/> outside a recorded test.</summary>
    public static ModelTestContext? CurrentOrNull => CurrentContext.Value ?? AmbientResolver?.Invoke();

    /// <summary>How well the model did. Default: <see langword="null"/> (the test did not say).</summary>
    public SuccessLevel? SuccessLevel { get; set; }

    /// <summary>One of the spellings in <see cref="Schema.ErrorCategory"/>, or <see langword="null"/>.</summary>
    /// <exception cref="ArgumentException">On set: not a known category; one spelling everywhere keeps reports honest.</exception>
    public string? ErrorCategory
    {
        get => _errorCategory;
        set
        {
            if (value is not null && !Schema.ErrorCategory.IsKnown(value))
            {
                throw new ArgumentException(
                    $"'{value}' is not an error category. Valid: {string.Join(", ", Schema.ErrorCategory.All)}.", nameof(value));
            }

            _errorCategory = value;
        }
    }

    /// <summary>What went wrong, in words. Stored as <c>error_message</c>, ahead of a failed test's exception message.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>Conversation turns used.</summary>
    public int? Turns { get; set; }

    /// <summary>Tool calls made.</summary>
    public int? ToolCalls { get; set; }

    /// <summary>The attempt number, from 1.</summary>
    public int? Attempt { get; set; }

    /// <summary>The workflow score, from 0 to 1.</summary>
    public double? WorkflowScore { get; set; }

    /// <summary>The phase-2 score, from 0 to 1.</summary>
    public double? Phase2Score { get; set; }

    /// <summary>The quality score, from 0 to 1.</summary>
    public double? QualityScore { get; set; }

    /// <summary>The final score, from 0 to 1.</summary>
    public double? FinalScore { get; set; }

    /// <summary>Required tools that were executed, over required tools.</summary>
    public double? ToolCoverageRate { get; set; }

    /// <summary>Input tokens used; <see cref="AddTokens"/> adds to it.</summary>
    public long? InputTokens
    {
        get { lock (_gate) { return _inputTokens; } }
        set { lock (_gate) { _inputTokens = value; } }
    }

    /// <summary>Output tokens used; <see cref="AddTokens"/> adds to it.</summary>
    public long? OutputTokens
    {
        get { lock (_gate) { return _outputTokens; } }
        set { lock (_gate) { _outputTokens = value; } }
    }

    /// <summary>
    /// The model usage of this test's sample, counted by the model clients of <c>RunnerHarness.Models</c>; the recording
    /// runner sets it for every model-batch row. <see langword="null"/> for other tests.
    /// </summary>
    internal SampleUsage? Usage { get; set; }

    /// <summary>
    /// Whether a record answered wholly from the response cache is flagged <c>model_replayed</c>: for a test that is not a
    /// model-batch row, outside an offline (re-scoring) run.
    /// </summary>
    internal bool FlagsReplays { get; set; }

    /// <summary>The infrastructure failure the exception that ended the test stands for (<see cref="Recording.InfrastructureFailures"/>), or <see langword="null"/>.</summary>
    internal (string Category, string Message)? EndingFailure { get; private set; }

    /// <summary>Whether the sample was ended by an infrastructure failure: one the model clients counted, or the exception that ended the test.</summary>
    internal bool EndedByInfrastructure => Usage?.InfrastructureFailure is not null || EndingFailure is not null;

    /// <summary>Notes the exception that ended the test, when it is a failure of the harness or a provider.</summary>
    internal void NoteFailure(Exception exception) => EndingFailure = Recording.InfrastructureFailures.Of(exception);

    /// <summary>Marks the sample failed with <paramref name="category"/> and <paramref name="message"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="category"/> is not a known category.</exception>
    public void Fail(string category, string? message = null)
    {
        ErrorCategory = category;
        ErrorMessage = message;
        SuccessLevel = Schema.SuccessLevel.Failure;
    }

    /// <summary>Adds the tokens of one model call; safe to call from parallel calls of one test.</summary>
    public void AddTokens(long input, long output)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(input);
        ArgumentOutOfRangeException.ThrowIfNegative(output);
        lock (_gate)
        {
            _inputTokens = (_inputTokens ?? 0) + input;
            _outputTokens = (_outputTokens ?? 0) + output;
        }
    }

    /// <summary>Sets the custom metric <paramref name="name"/> (stored in <c>metrics</c>); a later value replaces an earlier one.</summary>
    public void SetMetric(string name, double value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            _metrics[name] = value;
        }
    }

    /// <summary>
    /// Sets a dimension. A dimension column's name (<c>model</c>, <c>provider</c>, <c>prompt_type</c>,
    /// <c>difficulty</c>, <c>task_type</c>, <c>flaw_type</c>, <c>tool_success_rate</c>, <c>sample_index</c>,
    /// or their camelCase forms) sets that column, replacing what the theory arguments gave it; any other
    /// name is stored in <c>dimensions</c>.
    /// </summary>
    public void SetDimension(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            _dimensions[name] = value;
        }
    }

    // What the context sets replaces what the arguments gave the builder; which of its values the model clients' counts
    // and an infrastructure failure override is decided by ResultRecordBuilder.Build.
    internal void ApplyTo(ResultRecordBuilder record)
    {
        record.SuccessLevel = SuccessLevel ?? record.SuccessLevel;
        record.ErrorCategory = ErrorCategory ?? record.ErrorCategory;
        record.ErrorMessage = ErrorMessage ?? record.ErrorMessage;
        record.Turns = Turns;
        record.ToolCalls = ToolCalls;
        record.Attempt = Attempt;
        record.WorkflowScore = WorkflowScore;
        record.Phase2Score = Phase2Score;
        record.QualityScore = QualityScore;
        record.FinalScore = FinalScore;
        record.ToolCoverageRate = ToolCoverageRate;
        lock (_gate)
        {
            record.InputTokens = _inputTokens;
            record.OutputTokens = _outputTokens;
            if (_metrics.Count > 0)
            {
                record.Metrics = new Dictionary<string, double>(_metrics, StringComparer.Ordinal);
            }

            foreach (var (name, value) in _dimensions)
            {
                Recording.ArgumentColumns.Set(record, name, value);
            }
        }

        if (Usage is { Calls: > 0 } usage)
        {
            var counted = usage.Metrics;

            // A row's cache key holds its sample, so a row replays only its own sample; a plain theory's key does not, so a
            // rerun answered wholly from the cache would be the earlier answer counted again as a new sample.
            if (FlagsReplays && usage.CacheHits == usage.Calls)
            {
                counted = new Dictionary<string, double>(counted, StringComparer.Ordinal) { [SampleUsage.ReplayedMetric] = 1 };
            }

            record.SetCountedUsage(usage.InputTokens, usage.OutputTokens, counted);
            record.CostUsd = usage.CostUsd;
        }

        // A test whose arguments and context name no model (a plain theory calling ModelClients) is a test of the model
        // it called, when it called one. With several (an answer and a judge), nothing says which one is under test:
        // none is recorded rather than a guess, and models_called names them all (docs/models.md, "Plain theories").
        var called = Usage?.ModelsCalled ?? [];
        if (record.Model is null && called.Count == 1)
        {
            record.Model = called[0];
        }

        if (called.Count > 1 && record.Dimensions?.ContainsKey(SampleUsage.ModelsCalledDimension) != true)
        {
            Recording.ArgumentColumns.Set(record, SampleUsage.ModelsCalledDimension, string.Join(',', called));
        }

        // Provenance of the record's own model (a judge's calls are another model's).
        if (Usage?.ModelOf(record.Model) is { } asked)
        {
            record.Provider ??= Usage.ProviderOf(record.Model);
            record.ModelId ??= asked.ModelId;
            record.ResponseModel ??= asked.ResponseModel;
            foreach (var (name, value) in Usage.CallSettingsOf(record.Model))
            {
                if (record.Dimensions?.ContainsKey(name) != true)
                {
                    Recording.ArgumentColumns.Set(record, name, value);
                }
            }
        }

        // The first failure the model clients met wins over the exception that ended the test (which may be a later consequence).
        if ((Usage?.InfrastructureFailure ?? EndingFailure) is { } failure)
        {
            record.SetInfrastructureFailure(failure.Category, failure.Message);
        }
    }
}
