namespace RunnerHarness.Schema;

/// <summary>
/// A <see cref="RecordAxis"/> whose record property has the type <typeparamref name="T"/> (<c>string?</c>,
/// <c>double?</c> or <c>int?</c>): typed access for the hot paths (grouping, Parquet columns) without boxing.
/// </summary>
internal sealed class TypedRecordAxis<T> : RecordAxis
{
    private readonly Func<T, string?> _text;
    private readonly Func<T, string?> _format;
    private readonly Func<string, T> _parse;
    private readonly Func<object, (bool Fits, T Value)> _convert;

    public TypedRecordAxis(
        string column,
        string label,
        RecordAxisKind kind,
        Func<IRecordAxisValues, T> get,
        Action<ResultRecordBuilder, T> set,
        Func<T, string?> text,
        Func<T, string?> format,
        Func<string, T> parse,
        Func<object, (bool Fits, T Value)> convert,
        string? valueOrder = null,
        int defaultGroupingPosition = 0)
        : base(column, label, kind, valueOrder, defaultGroupingPosition)
    {
        Get = get;
        Set = set;
        _text = text;
        _format = format;
        _parse = parse;
        _convert = convert;
    }

    /// <summary>The record property's value.</summary>
    public Func<IRecordAxisValues, T> Get { get; }

    /// <summary>Sets the builder's property.</summary>
    public Action<ResultRecordBuilder, T> Set { get; }

    public override bool IsNumeric => typeof(T) != typeof(string);

    public override string? TextOf(ResultRecord record) => _text(Get(record));

    public override string? ValueText(object? value) => _text(Cast(value));

    public override object? ValueOf(IRecordAxisValues record) => Get(record);

    public override void Assign(ResultRecordBuilder record, object? value) => Set(record, Cast(value));

    public override bool TryConvert(object argument, out object? value)
    {
        var (fits, converted) = _convert(argument);
        value = fits ? converted : null;
        return fits;
    }

    public override string? Format(object? value) => _format(Cast(value));

    public override object? Parse(string? text) => text is null ? null : _parse(text);

    private T Cast(object? value) => value switch
    {
        null => default!,
        T typed => typed,
        _ => throw new ArgumentException(
            $"The {Column} axis takes a {(Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T)).Name} value, not the {value.GetType().Name} '{value}'.", nameof(value)),
    };
}
