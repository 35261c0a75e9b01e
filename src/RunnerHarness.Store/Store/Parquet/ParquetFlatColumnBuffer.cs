using Parquet;
using Parquet.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// A flat (not nested) column's buffer: its defined values in a <see cref="ParquetLeafValues{T}"/> and, for an optional
/// column, a definition level a row (1 defined, 0 null). What strings and fixed-size values share; each says how it
/// reads its value from a record.
/// </summary>
internal abstract class ParquetFlatColumnBuffer<T>(DataField field, ParquetLeafValues<T> values, int capacity) : ParquetColumnBuffer
{
    // A required column keeps no levels: it is given zeros while it is written (ParquetLevelBuffer.RentZeros).
    private readonly ParquetLevelBuffer? _levels = field.IsNullable ? new ParquetLevelBuffer(capacity) : null;

    public override int DictionaryValueCount => values is ParquetDictionaryStrings ? values.Count : 0;

    public override async Task FlushAsync(ParquetRowGroupWriter writer)
    {
        var rows = _levels?.Count ?? values.Count;
        var levels = _levels?.RentWidened() ?? ParquetLevelBuffer.RentZeros(rows);
        try
        {
            await values.WriteAsync(writer, levels.AsMemory(0, rows), null).ConfigureAwait(false);
        }
        finally
        {
            ParquetLevelBuffer.Return(levels);
        }

        values.Clear();
        _levels?.Clear();
    }

    /// <summary>The defined values gathered so far.</summary>
    protected ParquetLeafValues<T> Values => values;

    /// <summary>Adds a row whose value <see cref="Values"/> has just taken (as a dictionary index).</summary>
    protected void AddDefinedLevel() => _levels?.Add(1);

    /// <summary>Adds a row whose value is <paramref name="value"/>.</summary>
    protected void AddDefined(T value)
    {
        values.Add(value);
        _levels?.Add(1);
    }

    /// <summary>Adds a row without a value.</summary>
    /// <exception cref="ArgumentException">The column is required.</exception>
    protected void AddNull()
    {
        if (_levels is null)
        {
            throw new ArgumentException($"A record has no {field.Name}, which every record must have.", "record");
        }

        _levels.Add(0);
    }

    /// <summary>Adds <paramref name="count"/> rows holding what a new record holds in this column (a column a source file lacks).</summary>
    protected void AddNew(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Append(NewRecord);
        }
    }

    protected override void Dispose(bool disposing)
    {
        values.Dispose();
        _levels?.Dispose();
    }
}
