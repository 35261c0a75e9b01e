namespace RunnerHarness.Schema;

/// <summary>
/// The one place a <see cref="ResultRecord"/> is assembled step by step: by the recorder from what xUnit reported,
/// the theory arguments and the test's own context, by the store readers column by column, by the importers.
/// Set the properties in any order (a later set replaces an earlier one), record the steps below, then call
/// <see cref="Build"/>, which makes a record nothing changes afterwards. A builder can be reused: <see cref="Reset"/>
/// returns it to the values of a new one.
/// </summary>
/// <remarks>
/// When two steps give the same field a value, <see cref="Build"/> decides, in this order:
/// <list type="number">
/// <item>the properties as set (the recorder sets the test's own report, <c>ModelTestContext</c>, after the arguments);</item>
/// <item><see cref="SetTestFailure"/>: the exception type, and its message as <c>error_message</c> only when no
/// message was set (what the test said went wrong is kept ahead of the exception that ended it);</item>
/// <item><see cref="SetCountedUsage"/>: tokens and metrics the model clients counted fill only what is unset
/// (what the test set itself wins);</item>
/// <item><see cref="SetInfrastructureFailure"/>: the outcome becomes failed, the success level is cleared, and the
/// category and message are the failure's, whatever the test concluded, so the sample is left out of model scores and
/// run again by the next top-up;</item>
/// <item>a record without an id gets a new time-ordered one (<see cref="ResultRecord.NewRecordId"/>).</item>
/// </list>
/// The built record holds copies of the builder's dictionaries, so changing the builder afterwards does not reach it.
/// </remarks>
public sealed class ResultRecordBuilder : IRecordAxisValues
{
    private string? _exceptionMessage;
    private long? _countedInputTokens;
    private long? _countedOutputTokens;
    private Dictionary<string, double>? _countedMetrics;
    private (string Category, string? Message)? _infrastructureFailure;

    /// <summary>A builder with the values of a new <see cref="ResultRecord"/>.</summary>
    public ResultRecordBuilder()
    {
    }

    /// <summary>A builder starting from <paramref name="record"/>'s values (its dictionaries copied), to make a changed copy of it.</summary>
    public ResultRecordBuilder(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        FormatVersion = record.FormatVersion;
        RecordId = record.RecordId;
        RunId = record.RunId;
        CaseKey = record.CaseKey;
        Assembly = record.Assembly;
        TestClass = record.TestClass;
        TestMethod = record.TestMethod;
        DisplayName = record.DisplayName;
        Outcome = record.Outcome;
        StartedAt = record.StartedAt;
        FinishedAt = record.FinishedAt;
        DurationMs = record.DurationMs;
        Model = record.Model;
        Provider = record.Provider;
        PromptType = record.PromptType;
        Difficulty = record.Difficulty;
        TaskType = record.TaskType;
        ToolSuccessRate = record.ToolSuccessRate;
        FlawType = record.FlawType;
        SampleIndex = record.SampleIndex;
        SuccessLevel = record.SuccessLevel;
        ErrorCategory = record.ErrorCategory;
        ErrorMessage = record.ErrorMessage;
        Turns = record.Turns;
        ToolCalls = record.ToolCalls;
        WorkflowScore = record.WorkflowScore;
        Phase2Score = record.Phase2Score;
        QualityScore = record.QualityScore;
        FinalScore = record.FinalScore;
        ToolCoverageRate = record.ToolCoverageRate;
        InputTokens = record.InputTokens;
        OutputTokens = record.OutputTokens;
        Attempt = record.Attempt;
        Host = record.Host;
        ProcessId = record.ProcessId;
        Shard = record.Shard;
        Dimensions = Copy(record.Dimensions);
        Metrics = Copy(record.Metrics);
        ExceptionType = record.ExceptionType;
        Output = record.Output;
        Traits = Copy(record.Traits);
        Reconstructed = record.Reconstructed;
    }

    /// <inheritdoc cref="ResultRecord.FormatVersion"/>
    public int FormatVersion { get; set; } = ResultRecord.CurrentFormatVersion;

    /// <summary>The record id; empty or <see langword="null"/> (the default) makes <see cref="Build"/> draw a new time-ordered one.</summary>
    public string? RecordId { get; set; }

    /// <inheritdoc cref="ResultRecord.RunId"/>
    public string? RunId { get; set; }

    /// <inheritdoc cref="ResultRecord.CaseKey"/>
    public string? CaseKey { get; set; }

    /// <inheritdoc cref="ResultRecord.Assembly"/>
    public string? Assembly { get; set; }

    /// <inheritdoc cref="ResultRecord.TestClass"/>
    public string? TestClass { get; set; }

    /// <inheritdoc cref="ResultRecord.TestMethod"/>
    public string? TestMethod { get; set; }

    /// <inheritdoc cref="ResultRecord.DisplayName"/>
    public string? DisplayName { get; set; }

    /// <inheritdoc cref="ResultRecord.Outcome"/>
    public TestOutcome Outcome { get; set; }

    /// <inheritdoc cref="ResultRecord.StartedAt"/>
    public DateTime? StartedAt { get; set; }

    /// <inheritdoc cref="ResultRecord.FinishedAt"/>
    public DateTime? FinishedAt { get; set; }

    /// <inheritdoc cref="ResultRecord.DurationMs"/>
    public double? DurationMs { get; set; }

    /// <inheritdoc cref="ResultRecord.Model"/>
    public string? Model { get; set; }

    /// <inheritdoc cref="ResultRecord.Provider"/>
    public string? Provider { get; set; }

    /// <inheritdoc cref="ResultRecord.PromptType"/>
    public string? PromptType { get; set; }

    /// <inheritdoc cref="ResultRecord.Difficulty"/>
    public string? Difficulty { get; set; }

    /// <inheritdoc cref="ResultRecord.TaskType"/>
    public string? TaskType { get; set; }

    /// <inheritdoc cref="ResultRecord.ToolSuccessRate"/>
    public double? ToolSuccessRate { get; set; }

    /// <inheritdoc cref="ResultRecord.FlawType"/>
    public string? FlawType { get; set; }

    /// <inheritdoc cref="ResultRecord.SampleIndex"/>
    public int? SampleIndex { get; set; }

    /// <inheritdoc cref="ResultRecord.SuccessLevel"/>
    public SuccessLevel? SuccessLevel { get; set; }

    /// <inheritdoc cref="ResultRecord.ErrorCategory"/>
    public string? ErrorCategory { get; set; }

    /// <inheritdoc cref="ResultRecord.ErrorMessage"/>
    public string? ErrorMessage { get; set; }

    /// <inheritdoc cref="ResultRecord.Turns"/>
    public int? Turns { get; set; }

    /// <inheritdoc cref="ResultRecord.ToolCalls"/>
    public int? ToolCalls { get; set; }

    /// <inheritdoc cref="ResultRecord.WorkflowScore"/>
    public double? WorkflowScore { get; set; }

    /// <inheritdoc cref="ResultRecord.Phase2Score"/>
    public double? Phase2Score { get; set; }

    /// <inheritdoc cref="ResultRecord.QualityScore"/>
    public double? QualityScore { get; set; }

    /// <inheritdoc cref="ResultRecord.FinalScore"/>
    public double? FinalScore { get; set; }

    /// <inheritdoc cref="ResultRecord.ToolCoverageRate"/>
    public double? ToolCoverageRate { get; set; }

    /// <inheritdoc cref="ResultRecord.InputTokens"/>
    public long? InputTokens { get; set; }

    /// <inheritdoc cref="ResultRecord.OutputTokens"/>
    public long? OutputTokens { get; set; }

    /// <inheritdoc cref="ResultRecord.Attempt"/>
    public int? Attempt { get; set; }

    /// <inheritdoc cref="ResultRecord.Host"/>
    public string? Host { get; set; }

    /// <inheritdoc cref="ResultRecord.ProcessId"/>
    public int? ProcessId { get; set; }

    /// <inheritdoc cref="ResultRecord.Shard"/>
    public string? Shard { get; set; }

    /// <inheritdoc cref="ResultRecord.Dimensions"/>
    public Dictionary<string, string>? Dimensions { get; set; }

    /// <inheritdoc cref="ResultRecord.Metrics"/>
    public Dictionary<string, double>? Metrics { get; set; }

    /// <inheritdoc cref="ResultRecord.ExceptionType"/>
    public string? ExceptionType { get; set; }

    /// <inheritdoc cref="ResultRecord.Output"/>
    public string? Output { get; set; }

    /// <inheritdoc cref="ResultRecord.Traits"/>
    public Dictionary<string, string>? Traits { get; set; }

    /// <inheritdoc cref="ResultRecord.Reconstructed"/>
    public bool? Reconstructed { get; set; }

    /// <summary>
    /// Records that the test failed with <paramref name="exceptionType"/>: sets <see cref="ExceptionType"/>, and
    /// <paramref name="message"/> becomes the error message if nothing else set one. Default: no failure.
    /// </summary>
    public ResultRecordBuilder SetTestFailure(string? exceptionType, string? message)
    {
        ExceptionType = exceptionType;
        _exceptionMessage = message;
        return this;
    }

    /// <summary>
    /// Sets the tokens and metrics the model clients counted for the sample (replacing counts set before): they fill
    /// the record's tokens and metrics only where the properties leave them unset, and give the record a (possibly
    /// empty) <c>metrics</c> map. Default: nothing counted.
    /// </summary>
    public ResultRecordBuilder SetCountedUsage(long? inputTokens, long? outputTokens, IEnumerable<KeyValuePair<string, double>> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _countedInputTokens = inputTokens;
        _countedOutputTokens = outputTokens;
        _countedMetrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in metrics)
        {
            _countedMetrics.TryAdd(name, value);
        }

        return this;
    }

    /// <summary>
    /// Records that the sample failed for an infrastructure reason (<paramref name="category"/>, one of
    /// <see cref="Schema.ErrorCategory"/>): it wins over the outcome, success level, category and message set otherwise.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="category"/> is not a known category.</exception>
    public ResultRecordBuilder SetInfrastructureFailure(string category, string? message)
    {
        if (!Schema.ErrorCategory.IsKnown(category))
        {
            throw new ArgumentException(
                $"'{category}' is not an error category. Valid: {string.Join(", ", Schema.ErrorCategory.All)}.", nameof(category));
        }

        _infrastructureFailure = (category, message);
        return this;
    }

    /// <summary>Returns the builder to the values of a new one, its steps forgotten, to build another record.</summary>
    public ResultRecordBuilder Reset()
    {
        FormatVersion = ResultRecord.CurrentFormatVersion;
        RecordId = null;
        RunId = null;
        CaseKey = null;
        Assembly = null;
        TestClass = null;
        TestMethod = null;
        DisplayName = null;
        Outcome = default;
        StartedAt = null;
        FinishedAt = null;
        DurationMs = null;
        Model = null;
        Provider = null;
        PromptType = null;
        Difficulty = null;
        TaskType = null;
        ToolSuccessRate = null;
        FlawType = null;
        SampleIndex = null;
        SuccessLevel = null;
        ErrorCategory = null;
        ErrorMessage = null;
        Turns = null;
        ToolCalls = null;
        WorkflowScore = null;
        Phase2Score = null;
        QualityScore = null;
        FinalScore = null;
        ToolCoverageRate = null;
        InputTokens = null;
        OutputTokens = null;
        Attempt = null;
        Host = null;
        ProcessId = null;
        Shard = null;
        Dimensions = null;
        Metrics = null;
        ExceptionType = null;
        Output = null;
        Traits = null;
        Reconstructed = null;
        _exceptionMessage = null;
        _countedInputTokens = null;
        _countedOutputTokens = null;
        _countedMetrics = null;
        _infrastructureFailure = null;
        return this;
    }

    /// <summary>
    /// The record of the values and steps so far, in the order the remarks give. The builder is left as it was, so
    /// building twice gives equal records (with one id only if <see cref="RecordId"/> was set).
    /// </summary>
    public ResultRecord Build() => Make(copyMaps: true, drawId: true);

    /// <summary>
    /// <see cref="Build"/> for a store reader: the maps pass to the record uncopied (they were decoded for this one
    /// record and are not touched again) and no id is drawn (a stored record's id is what was read, never made up).
    /// </summary>
    internal ResultRecord BuildRead() => Make(copyMaps: false, drawId: false);

    private ResultRecord Make(bool copyMaps, bool drawId)
    {
        var outcome = Outcome;
        var successLevel = SuccessLevel;
        var errorCategory = ErrorCategory;
        var errorMessage = ErrorMessage ?? _exceptionMessage;
        var inputTokens = InputTokens ?? _countedInputTokens;
        var outputTokens = OutputTokens ?? _countedOutputTokens;
        var metrics = copyMaps ? Copy(Metrics) : Metrics;
        if (_countedMetrics is not null)
        {
            metrics = copyMaps ? metrics : Copy(metrics);
            metrics ??= new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (name, value) in _countedMetrics)
            {
                metrics.TryAdd(name, value);
            }
        }

        if (_infrastructureFailure is { } failure)
        {
            outcome = TestOutcome.Failed;
            successLevel = null;
            errorCategory = failure.Category;
            errorMessage = failure.Message;
        }

        return new ResultRecord
        {
            FormatVersion = FormatVersion,
            RecordId = string.IsNullOrEmpty(RecordId) && drawId ? ResultRecord.NewRecordId() : RecordId ?? string.Empty,
            RunId = RunId,
            CaseKey = CaseKey,
            Assembly = Assembly,
            TestClass = TestClass,
            TestMethod = TestMethod,
            DisplayName = DisplayName,
            Outcome = outcome,
            StartedAt = StartedAt,
            FinishedAt = FinishedAt,
            DurationMs = DurationMs,
            Model = Model,
            Provider = Provider,
            PromptType = PromptType,
            Difficulty = Difficulty,
            TaskType = TaskType,
            ToolSuccessRate = ToolSuccessRate,
            FlawType = FlawType,
            SampleIndex = SampleIndex,
            SuccessLevel = successLevel,
            ErrorCategory = errorCategory,
            ErrorMessage = errorMessage,
            Turns = Turns,
            ToolCalls = ToolCalls,
            WorkflowScore = WorkflowScore,
            Phase2Score = Phase2Score,
            QualityScore = QualityScore,
            FinalScore = FinalScore,
            ToolCoverageRate = ToolCoverageRate,
            InputTokens = inputTokens,
            OutputTokens = outputTokens,
            Attempt = Attempt,
            Host = Host,
            ProcessId = ProcessId,
            Shard = Shard,
            Dimensions = copyMaps ? Copy(Dimensions) : Dimensions,
            Metrics = metrics,
            ExceptionType = ExceptionType,
            Output = Output,
            Traits = copyMaps ? Copy(Traits) : Traits,
            Reconstructed = Reconstructed,
        };
    }

    private static Dictionary<string, TValue>? Copy<TValue>(Dictionary<string, TValue>? map) =>
        map is null ? null : new Dictionary<string, TValue>(map, map.Comparer);
}
