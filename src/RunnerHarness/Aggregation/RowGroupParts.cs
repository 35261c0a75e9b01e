using System.Runtime.InteropServices;
using RunnerHarness.Schema;
using RunnerHarness.Store.Parquet;

namespace RunnerHarness.Aggregation;

/// <summary>
/// Numbers the rows of one decoded Parquet row group by their combination of chosen columns (the columns
/// <see cref="RecordParts"/> reads, by name), so that a row's groups are found by one small integer instead of a hash of
/// every column a row. Each column's values are first mapped to small codes (a dictionary-encoded text column's codes
/// are its rows' dictionary entries; another text column's are its distinct string instances; a number's are its
/// distinct bits), then a row's codes are combined into one integer, column by column, and renumbered densely whenever
/// the combinations could outgrow the row group. Rows with one number have equal parts; rows with equal parts may have
/// two numbers (equal texts from two instances or entries, e.g. a column the writer did not dictionary-encode), which
/// costs a lookup, never a wrong group. Valid for the row group last <see cref="Number"/>ed.
/// </summary>
internal sealed class RowGroupParts
{
    private readonly string[] _textColumns;
    private readonly string[] _rateColumns;
    private readonly string[] _indexColumns;

    // Each row's combination so far, and one column's codes (-1: no value); both reused from row group to row group.
    private long[] _combinations = [];
    private int[] _codes = [];
    private readonly Dictionary<string, int> _instances = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<long, int> _numbers = [];
    private readonly Dictionary<long, int> _dense = [];

    /// <summary>Numbers rows by the text columns <paramref name="texts"/> and the axes <paramref name="axes"/> (as <see cref="RecordParts"/> takes them).</summary>
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
    }

    /// <summary>
    /// Numbers the rows of <paramref name="rowGroup"/> by their combination of the columns; returns how many numbers there
    /// are (each row's <see cref="CombinationOf"/> is below it; at most twice the row count, or 64 for a smaller row group).
    /// </summary>
    public int Number(ParquetRowGroup rowGroup)
    {
        ArgumentNullException.ThrowIfNull(rowGroup);
        var rows = rowGroup.RowCount;
        if (_combinations.Length < rows)
        {
            _combinations = new long[rows];
            _codes = new int[rows];
        }

        var combinations = _combinations.AsSpan(0, rows);
        combinations.Clear();
        var count = 1L;
        // Combinations stay below this, so a lookup by them fits an array about the row group's size.
        var bound = Math.Max(2L * rows, 64);
        // A column the read has none of is null in every row: it tells no two rows apart.
        foreach (var column in _textColumns)
        {
            if (rowGroup.TextValues(column) is { } text)
            {
                count = Combine(TextCodes(text, rows, out var missing), missing, count, bound, rows);
            }
        }

        foreach (var column in _rateColumns)
        {
            if (rowGroup.Values<double>(column) is { } rates)
            {
                count = Combine(NumberCodes(rates, rows, out var missing), missing, count, bound, rows);
            }
        }

        foreach (var column in _indexColumns)
        {
            if (rowGroup.Values<int>(column) is { } indices)
            {
                count = Combine(NumberCodes(indices, rows, out var missing), missing, count, bound, rows);
            }
        }

        return (int)count;
    }

    /// <summary>The number of row <paramref name="row"/>'s combination in the row group last <see cref="Number"/>ed.</summary>
    public int CombinationOf(int row) => (int)_combinations[row];

    // Folds the column whose codes _codes holds (-1 for a row without a value, else below distinct) into each row's
    // combination; returns the combinations' new count.
    private long Combine(int distinct, bool missing, long count, long bound, int rows)
    {
        var shift = missing ? 1 : 0;
        var radix = distinct + shift;
        if (radix <= 1)
        {
            return count;
        }

        if (count > long.MaxValue / radix)
        {
            count = Densify(rows);
        }

        var combinations = _combinations;
        var codes = _codes;
        for (var row = 0; row < rows; row++)
        {
            combinations[row] = combinations[row] * radix + codes[row] + shift;
        }

        count *= radix;
        return count > bound ? Densify(rows) : count;
    }

    // Renumbers the combinations 0, 1, ... in the order rows first hold them; returns how many there are.
    private long Densify(int rows)
    {
        _dense.Clear();
        var combinations = _combinations;
        for (var row = 0; row < rows; row++)
        {
            ref var number = ref CollectionsMarshal.GetValueRefOrAddDefault(_dense, combinations[row], out var exists);
            if (!exists)
            {
                number = _dense.Count - 1;
            }

            combinations[row] = number;
        }

        return _dense.Count;
    }

    // A text column's codes: a dictionary-encoded row group's entries (one per distinct value the file's dictionary
    // holds), else one per distinct string instance. Returns how many codes there are; missing: whether a row is null.
    private int TextCodes(ParquetTextValues text, int rows, out bool missing)
    {
        var values = text.Values;
        var codes = _codes;
        missing = false;
        if (text.DictionaryEntries is { } entries)
        {
            // A null row's entry is stale, so the value decides.
            for (var row = 0; row < rows; row++)
            {
                if (values[row] is null)
                {
                    codes[row] = -1;
                    missing = true;
                }
                else
                {
                    codes[row] = entries[row];
                }
            }

            return text.Distinct.Count;
        }

        _instances.Clear();
        for (var row = 0; row < rows; row++)
        {
            if (values[row] is not { } value)
            {
                codes[row] = -1;
                missing = true;
                continue;
            }

            ref var code = ref CollectionsMarshal.GetValueRefOrAddDefault(_instances, value, out var exists);
            if (!exists)
            {
                code = _instances.Count - 1;
            }

            codes[row] = code;
        }

        return _instances.Count;
    }

    // A number column's codes: one per distinct value, a rate's per distinct bit pattern (as RecordParts compares them,
    // NaN equal to itself).
    private int NumberCodes<T>(T?[] values, int rows, out bool missing)
        where T : struct
    {
        _numbers.Clear();
        missing = false;
        for (var row = 0; row < rows; row++)
        {
            if (values[row] is { } value)
            {
                _codes[row] = NumberCode(Bits(value));
            }
            else
            {
                _codes[row] = -1;
                missing = true;
            }
        }

        return _numbers.Count;
    }

    // The JIT specialises this for each value type, so the type tests cost nothing and box nothing.
    private static long Bits<T>(T value)
        where T : struct => value switch
        {
            double rate => BitConverter.DoubleToInt64Bits(rate),
            int index => index,
            _ => throw new ArgumentException($"RowGroupParts numbers double and int columns only, not {typeof(T).Name}.", nameof(value)),
        };

    private int NumberCode(long value)
    {
        ref var code = ref CollectionsMarshal.GetValueRefOrAddDefault(_numbers, value, out var exists);
        if (!exists)
        {
            code = _numbers.Count - 1;
        }

        return code;
    }
}
