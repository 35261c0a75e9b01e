using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// One decoded row group of a Parquet read, as its column arrays, for a caller that folds rows without a
/// <see cref="ResultRecord"/> each (the report). Valid until the read moves past it: its arrays are decoded into again
/// two row groups later (<see cref="DecodedRowGroups"/>). A column the read did not project, or the file lacks, has no
/// array: every row of it is null, as in a record read.
/// </summary>
internal sealed class ParquetRowGroup
{
    private readonly (ParquetRecordColumn Column, Field Field)[] _bindings;
    private readonly ParquetColumnValues[] _columns;
    private readonly ResultRecordBuilder _builder;
    private bool[]? _skipped;

    /// <summary>Wraps row group <paramref name="columns"/> of <paramref name="rowCount"/> rows, read by <paramref name="bindings"/>.</summary>
    public ParquetRowGroup((ParquetRecordColumn Column, Field Field)[] bindings, ParquetColumnValues[] columns, int rowCount, ResultRecordBuilder builder, bool isLast)
    {
        IsLast = isLast;
        _bindings = bindings;
        _columns = columns;
        _builder = builder;
        RowCount = rowCount;
    }

    /// <summary>Whether this is the file's last row group (no decode of the file runs any more).</summary>
    public bool IsLast { get; }

    /// <summary>How many rows the row group holds.</summary>
    public int RowCount { get; }

    /// <summary>Whether row <paramref name="row"/> counts (is not a duplicate copy the store's read skips).</summary>
    public bool Counts(int row) => _skipped is null || !_skipped[row];

    /// <summary>Marks row <paramref name="row"/> as a copy that does not count.</summary>
    public void Skip(int row) => (_skipped ??= new bool[RowCount])[row] = true;

    /// <summary>The record of row <paramref name="row"/>, exactly as a record read yields it.</summary>
    public ResultRecord Record(int row)
    {
        _builder.Reset();
        foreach (var column in _columns)
        {
            column.Apply(_builder, row);
        }

        return _builder.BuildRead();
    }

    /// <summary>
    /// The record of row <paramref name="row"/> with only <paramref name="columns"/> (taken from this row group by
    /// <see cref="Only"/>) set, the others as a new record has them: for a caller that reads a few columns of a record.
    /// </summary>
    public ResultRecord Record(int row, ParquetColumnValues[] columns)
    {
        _builder.Reset();
        foreach (var column in columns)
        {
            column.Apply(_builder, row);
        }

        return _builder.BuildRead();
    }

    /// <summary>This row group's decoded columns among <paramref name="names"/>, for <see cref="Record(int, ParquetColumnValues[])"/>.</summary>
    public ParquetColumnValues[] Only(IReadOnlyCollection<string> names)
    {
        var only = new List<ParquetColumnValues>(names.Count);
        for (var i = 0; i < _bindings.Length; i++)
        {
            if (names.Contains(_bindings[i].Column.Name))
            {
                only.Add(_columns[i]);
            }
        }

        return [.. only];
    }

    /// <summary>The decoded values of each of <paramref name="columns"/>, in their order; <see langword="null"/> for a column the read has none of.</summary>
    public ParquetColumnValues?[] ColumnsOf(IReadOnlyList<ParquetRecordColumn> columns)
    {
        var values = new ParquetColumnValues?[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            for (var j = 0; j < _bindings.Length; j++)
            {
                if (ReferenceEquals(_bindings[j].Column, columns[i]))
                {
                    values[i] = _columns[j];
                    break;
                }
            }
        }

        return values;
    }

    /// <summary>The values of the text (or enum, as its wire spelling) column <paramref name="column"/>, or <see langword="null"/> when the read has none.</summary>
    public string?[]? Texts(string column) => TextValues(column)?.Values;

    /// <summary>
    /// The decoded text (or enum) column <paramref name="column"/> with its dictionary entries when the row group was
    /// dictionary-encoded (<see cref="ParquetTextValues.DictionaryEntries"/>), or <see langword="null"/> when the read has none.
    /// </summary>
    public ParquetTextValues? TextValues(string column) => Find(column) as ParquetTextValues;

    /// <summary>The values of the fixed-size column <paramref name="column"/> as stored (timestamps as decoded, before the record's UTC normalisation), or <see langword="null"/>.</summary>
    public T?[]? Values<T>(string column)
        where T : struct => (Find(column) as ParquetStructValues<T>)?.Values;

    /// <summary>The maps of the map column <paramref name="column"/>, or <see langword="null"/> when the read has none.</summary>
    public Dictionary<string, TValue>?[]? Maps<TValue>(string column) => (Find(column) as ParquetObjectValues<Dictionary<string, TValue>>)?.Values;

    private ParquetColumnValues? Find(string column)
    {
        for (var i = 0; i < _bindings.Length; i++)
        {
            if (string.Equals(_bindings[i].Column.Name, column, StringComparison.Ordinal))
            {
                return _columns[i];
            }
        }

        return null;
    }
}
