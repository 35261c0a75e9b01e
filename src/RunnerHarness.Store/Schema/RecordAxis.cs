namespace RunnerHarness.Schema;

/// <summary>
/// One fixed axis of a model test matrix (model, provider, prompt type, difficulty, task type, tool success rate,
/// flaw type, sample index) as a record keeps it: its column, how its value reads as text, how a theory argument
/// becomes its value, and how the value round-trips through text. Every mapping of the axes (record dimensions and
/// filters, theory arguments, matrix samples, case keys, Parquet columns, serialized test cases) goes through
/// <see cref="RecordAxes.All"/>, which is generated from the record's axis declarations.
/// </summary>
public abstract class RecordAxis
{
    private protected RecordAxis(string column, string label, RecordAxisKind kind, string? valueOrder, int defaultGroupingPosition)
    {
        Column = column;
        Label = label;
        Kind = kind;
        ValueOrder = Array.AsReadOnly(valueOrder is null ? [] : valueOrder.Split(','));
        DefaultGroupingPosition = defaultGroupingPosition;
        ArgumentName = column.Replace("_", string.Empty, StringComparison.Ordinal);
    }

    /// <summary>The record column, e.g. <c>prompt_type</c>.</summary>
    public string Column { get; }

    /// <summary>The axis's values in messages, plural, e.g. <c>prompt types</c>.</summary>
    public string Label { get; }

    /// <summary>Where the axis's values come from: a matrix's list, its dataset, another axis, or the sample number.</summary>
    public RecordAxisKind Kind { get; }

    /// <summary>
    /// The axis's values in the order a reader expects them (difficulty: <c>very_easy</c> to <c>very_hard</c>), from the
    /// declaration's <c>ValueOrder</c>; empty when its values are ordered ordinally or, for a number axis, by value.
    /// </summary>
    public IReadOnlyList<string> ValueOrder { get; }

    /// <summary>Whether the axis's values are numbers (its record property a <c>double?</c> or <c>int?</c>), which sort by value.</summary>
    public abstract bool IsNumeric { get; }

    /// <summary>The axis's position (from 1) in the default grouping of reports and exports, or 0 when that grouping leaves it out.</summary>
    public int DefaultGroupingPosition { get; }

    /// <summary>Whether the axis is part of a matrix cell; only the sample index is not (it tells a cell's samples apart).</summary>
    public bool IsCellAxis => Kind != RecordAxisKind.Sample;

    /// <summary>
    /// The theory parameter name that fills this column, compared case-insensitively after removing underscores:
    /// <c>prompttype</c> matches <c>promptType</c> and <c>prompt_type</c>.
    /// </summary>
    public string ArgumentName { get; }

    /// <summary>The position of the axis in <see cref="RecordAxes.All"/>.</summary>
    public int Ordinal { get; internal set; }

    /// <summary>The record's value as grouping and cell text (a rate to three decimals, e.g. <c>0.8</c>), or <see langword="null"/>.</summary>
    public abstract string? TextOf(ResultRecord record);

    /// <summary>A value of this axis as grouping and cell text, or <see langword="null"/> for <see langword="null"/>.</summary>
    public abstract string? ValueText(object? value);

    /// <summary>The record's value of this axis (a <see cref="string"/>, <see cref="double"/> or <see cref="int"/>), or <see langword="null"/>.</summary>
    public abstract object? ValueOf(IRecordAxisValues record);

    /// <summary>Sets the builder's column to <paramref name="value"/>, a value of this axis's type or <see langword="null"/>.</summary>
    /// <exception cref="ArgumentException">The value is not of this axis's type.</exception>
    public abstract void Assign(ResultRecordBuilder record, object? value);

    /// <summary>
    /// The axis value a theory argument stands for: text from a string, enum or formattable value (invariant culture),
    /// a number from a number or numeric string. <see langword="false"/> when the argument does not fit.
    /// </summary>
    public abstract bool TryConvert(object argument, out object? value);

    /// <summary>A value as text that <see cref="Parse"/> reads back exactly (a rate to every digit), or <see langword="null"/>.</summary>
    /// <exception cref="ArgumentException">The value is not of this axis's type.</exception>
    public abstract string? Format(object? value);

    /// <summary>The value <paramref name="text"/> stands for (invariant culture), or <see langword="null"/> for <see langword="null"/>.</summary>
    /// <exception cref="FormatException">The text is not a value of this axis.</exception>
    public abstract object? Parse(string? text);

    /// <summary>The column name.</summary>
    public override string ToString() => Column;
}
