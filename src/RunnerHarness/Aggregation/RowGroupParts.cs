using System.Runtime.CompilerServices;
using RunnerHarness.Schema;
using RunnerHarness.Store.Parquet;

namespace RunnerHarness.Aggregation;

/// <summary>
/// Compares rows of one decoded Parquet row group by chosen columns (the columns <see cref="RecordParts"/> reads, by
/// name), with no string hashed: a row group's strings of a dictionary-encoded column are one instance per distinct value,
/// so rows are equal here when each text is the same instance (or both null) and each number has the same bits. Rows
/// equal here have equal parts; rows with equal parts may differ here (equal texts from two instances, e.g. a column
/// the writer did not dictionary-encode), which costs a lookup, never a wrong group. Valid for the row group last
/// <see cref="Load"/>ed.
/// </summary>
internal sealed class RowGroupParts : IEqualityComparer<int>
{
    private readonly string[] _textColumns;
    private readonly string[] _rateColumns;
    private readonly string[] _indexColumns;
    private readonly string?[]?[] _texts;
    private readonly double?[]?[] _rates;
    private readonly int?[]?[] _indices;

    /// <summary>Compares rows by the text columns <paramref name="texts"/> and the axes <paramref name="axes"/> (as <see cref="RecordParts"/> takes them).</summary>
    /// <exception cref="ArgumentException">An axis's values are not <c>string?</c>, <c>double?</c> or <c>int?</c>.</exception>
    public RowGroupParts(IEnumerable<string> texts, IEnumerable<RecordAxis> axes)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(axes);
        List<string> textColumns = [.. texts];
        List<string> rates = [];
        List<string> indices = [];
        foreach (var axis in axes)
        {
            switch (axis)
            {
                case TypedRecordAxis<string?>:
                    textColumns.Add(axis.Column);
                    break;
                case TypedRecordAxis<double?>:
                    rates.Add(axis.Column);
                    break;
                case TypedRecordAxis<int?>:
                    indices.Add(axis.Column);
                    break;
                default:
                    throw new ArgumentException($"The axis '{axis.Column}' has values that are not string?, double? or int?; RowGroupParts reads those only.", nameof(axes));
            }
        }

        _textColumns = [.. textColumns];
        _rateColumns = [.. rates];
        _indexColumns = [.. indices];
        _texts = new string?[]?[_textColumns.Length];
        _rates = new double?[]?[_rateColumns.Length];
        _indices = new int?[]?[_indexColumns.Length];
    }

    /// <summary>Compares rows of <paramref name="rowGroup"/> from now on.</summary>
    public void Load(ParquetRowGroup rowGroup)
    {
        ArgumentNullException.ThrowIfNull(rowGroup);
        for (var i = 0; i < _textColumns.Length; i++)
        {
            _texts[i] = rowGroup.Texts(_textColumns[i]);
        }

        for (var i = 0; i < _rateColumns.Length; i++)
        {
            _rates[i] = rowGroup.Values<double>(_rateColumns[i]);
        }

        for (var i = 0; i < _indexColumns.Length; i++)
        {
            _indices[i] = rowGroup.Values<int>(_indexColumns[i]);
        }
    }

    /// <inheritdoc />
    public bool Equals(int x, int y)
    {
        foreach (var column in _texts)
        {
            if (column is not null && !ReferenceEquals(column[x], column[y]))
            {
                return false;
            }
        }

        foreach (var column in _rates)
        {
            if (column is not null && !SameBits(column[x], column[y]))
            {
                return false;
            }
        }

        foreach (var column in _indices)
        {
            if (column is not null && column[x] != column[y])
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public int GetHashCode(int obj)
    {
        var hash = default(HashCode);
        foreach (var column in _texts)
        {
            hash.Add(column?[obj] is { } text ? RuntimeHelpers.GetHashCode(text) : 0);
        }

        foreach (var column in _rates)
        {
            hash.Add(column?[obj] is { } rate ? BitConverter.DoubleToInt64Bits(rate) : 1L << 63 | 1);
        }

        foreach (var column in _indices)
        {
            hash.Add(column?[obj]);
        }

        return hash.ToHashCode();
    }

    private static bool SameBits(double? x, double? y) =>
        x is { } a ? y is { } b && BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b) : y is null;
}
