using System.Globalization;
using RunnerHarness.Schema;

namespace RunnerHarness.Matrix;

/// <summary>
/// One sample of one matrix cell: the row a model-batch theory receives. Its axis properties (generated from the
/// record's axis declarations by <see cref="RecordAxisMembersAttribute"/>, one per entry of <see cref="RecordAxes.All"/>)
/// fill the record's columns of the same names; <see cref="Dimensions"/> holds custom axes.
/// </summary>
[RecordAxisMembers(RecordAxisMemberShape.SampleValues)]
public sealed partial record MatrixSample
{
    // One value per axis of RecordAxes.All, by ordinal; never changed once a sample is made (init copies it).
    private object?[] _values = new object?[RecordAxes.All.Count];

    /// <summary>
    /// The dataset item itself, with its fields, when the sample was expanded from a matrix with a dataset (or rebuilt
    /// from a serialized case); <see langword="null"/> otherwise, and for a sample read back from a record, which keeps
    /// only the item's id and hash. Not part of the sample's identity: <see cref="Item"/> and <see cref="ItemHash"/> are.
    /// </summary>
    public DatasetItem? DatasetItem { get; init; }

    /// <summary>Custom axes, by name. Compared by content.</summary>
    public IReadOnlyDictionary<string, string> Dimensions { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The cell's values without the sample index, e.g. <c>gpt-4o-mini | optimal | easy | simple_task | 0.8</c>.</summary>
    public string CellLabel => LabelOf(CellValues());

    /// <summary>The <see cref="CellLabel"/> of a cell of <paramref name="values"/> (<see cref="CellValues"/>): the values joined by " | ".</summary>
    internal static string LabelOf(IEnumerable<KeyValuePair<string, string>> values) => string.Join(" | ", values.Select(v => v.Value));

    /// <summary>The value of <paramref name="axis"/> (a <see cref="string"/>, <see cref="double"/> or <see cref="int"/>), or <see langword="null"/> when unset.</summary>
    public object? ValueOf(RecordAxis axis)
    {
        ArgumentNullException.ThrowIfNull(axis);
        return _values[axis.Ordinal];
    }

    /// <summary>This sample with <paramref name="axis"/> set to <paramref name="value"/>, a value of the axis's type. Does not change this instance.</summary>
    /// <exception cref="ArgumentException">The value is not of the axis's type.</exception>
    public MatrixSample With(RecordAxis axis, object? value)
    {
        var copy = this with { };
        copy.Assign(axis, value);
        return copy;
    }

    /// <summary>A readable row name, e.g. <c>gpt-4o-mini | optimal | easy | simple_task | 0.8 | #3</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{CellLabel} | #{SampleIndex}");

    /// <summary>The sample a record was made from: its axis columns, custom dimensions and sample index (0 when unset).</summary>
    public static MatrixSample FromRecord(IRecordAxisValues record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sample = new MatrixSample
        {
            Dimensions = record.Dimensions is null ? new SortedDictionary<string, string>(StringComparer.Ordinal) : new SortedDictionary<string, string>(record.Dimensions, StringComparer.Ordinal),
        };
        foreach (var axis in RecordAxes.All)
        {
            sample._values[axis.Ordinal] = axis.ValueOf(record);
        }

        return sample;
    }

    /// <summary>Copies the sample's axis values (the sample index as a number, 0 when unset) and custom dimensions into <paramref name="record"/>.</summary>
    public void ApplyTo(ResultRecordBuilder record)
    {
        ArgumentNullException.ThrowIfNull(record);
        foreach (var axis in RecordAxes.All)
        {
            axis.Assign(record, axis == RecordAxes.SampleIndex ? SampleIndex : _values[axis.Ordinal]);
        }

        if (Dimensions.Count > 0)
        {
            record.Dimensions ??= new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in Dimensions)
            {
                record.Dimensions[name] = value;
            }
        }
    }

    /// <summary>The cell's named values in a fixed order (the cell axes of <see cref="RecordAxes.CellAxes"/>, then custom axes by name), nulls left out.</summary>
    public IEnumerable<KeyValuePair<string, string>> CellValues()
    {
        foreach (var axis in RecordAxes.CellAxes)
        {
            if (axis.ValueText(_values[axis.Ordinal]) is { } text)
            {
                yield return new(axis.Column, text);
            }
        }

        foreach (var pair in Dimensions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            yield return pair;
        }
    }

    /// <summary>Whether two cases have the same values, custom dimensions compared by content.</summary>
    public bool Equals(MatrixSample? other) =>
        other is not null
        && SampleIndex == other.SampleIndex
        && CellValues().SequenceEqual(other.CellValues());

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (name, value) in CellValues())
        {
            hash.Add(name, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        hash.Add(SampleIndex);
        return hash.ToHashCode();
    }

    private void Assign(RecordAxis axis, object? value)
    {
        // Validates the value's type through the axis, so a sample never holds what its column cannot.
        _ = axis.ValueText(value);
        var values = (object?[])_values.Clone();
        values[axis.Ordinal] = value;
        _values = values;
    }
}
