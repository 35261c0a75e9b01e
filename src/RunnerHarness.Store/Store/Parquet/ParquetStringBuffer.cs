using Parquet;
using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Gathers a flat string column: its defined values in <paramref name="values"/> (distinct strings and indices, or an
/// arena of characters) and, for an optional column, a definition level a row (1 defined, 0 null).
/// </summary>
internal sealed class ParquetStringBuffer(DataField field, ParquetLeafValues<string> values, int capacity, Func<ResultRecord, string?> get) : ParquetColumnBuffer
{
    // A required column keeps no levels: it is given zeros while it is written (ParquetLevelBuffer.RentZeros).
    private readonly ParquetLevelBuffer? _levels = field.IsNullable ? new ParquetLevelBuffer(capacity) : null;

    public override void Append(ResultRecord record)
    {
        var value = get(record);
        if (value is null)
        {
            if (_levels is null)
            {
                throw new ArgumentException($"A record has no {field.Name}, which every record must have.", nameof(record));
            }

            _levels.Add(0);
            return;
        }

        values.Add(value);
        _levels?.Add(1);
    }

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

    protected override void Dispose(bool disposing)
    {
        values.Dispose();
        _levels?.Dispose();
    }
}
