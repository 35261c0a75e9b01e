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
public sealed partial class ResultRecordBuilder : IRecordAxisValues
{
    private string? _exceptionMessage;
    private long? _countedInputTokens;
    private long? _countedOutputTokens;
    private Dictionary<string, double>? _countedMetrics;
    private (string Category, string? Message)? _infrastructureFailure;

    /// <summary>A builder with the values of a new <see cref="ResultRecord"/>.</summary>
    public ResultRecordBuilder()
    {
        ResetColumns();
    }

    /// <summary>A builder starting from <paramref name="record"/>'s values (its dictionaries copied), to make a changed copy of it.</summary>
    public ResultRecordBuilder(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        CopyColumnsFrom(record);
    }

    // The column properties, and the copies and the record they make, are generated from ResultRecord's column
    // declarations (RunnerHarness.Schema.Generator), so no column is listed here by hand.

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
        ResetColumns();
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
        var drawsId = drawId && string.IsNullOrEmpty(RecordId);
        if (!drawsId && _exceptionMessage is null && _countedInputTokens is null && _countedOutputTokens is null
            && _countedMetrics is null && _infrastructureFailure is null)
        {
            return MakeRecord(copyMaps);
        }

        // The steps are applied to a throwaway builder, so this one is left as it was.
        var resolved = new ResultRecordBuilder();
        resolved.CopyColumnsFrom(this);
        resolved.ErrorMessage ??= _exceptionMessage;
        resolved.InputTokens ??= _countedInputTokens;
        resolved.OutputTokens ??= _countedOutputTokens;
        if (_countedMetrics is not null)
        {
            var metrics = Copy(Metrics) ?? new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (name, value) in _countedMetrics)
            {
                metrics.TryAdd(name, value);
            }

            resolved.Metrics = metrics;
        }

        if (_infrastructureFailure is { } failure)
        {
            resolved.Outcome = TestOutcome.Failed;
            resolved.SuccessLevel = null;
            resolved.ErrorCategory = failure.Category;
            resolved.ErrorMessage = failure.Message;
        }

        if (drawsId)
        {
            resolved.RecordId = ResultRecord.NewRecordId();
        }

        return resolved.MakeRecord(copyMaps);
    }

    private static Dictionary<string, TValue>? Copy<TValue>(Dictionary<string, TValue>? map) =>
        map is null ? null : new Dictionary<string, TValue>(map, map.Comparer);
}
