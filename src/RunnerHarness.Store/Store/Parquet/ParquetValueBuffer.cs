using Parquet;
using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Gathers a flat column of fixed-size values (numbers, flags, timestamps): the defined values and, for an optional
/// column, a definition level a row (1 defined, 0 null).
/// </summary>
internal sealed class ParquetValueBuffer<T>(DataField field, IParquetLeafWriter<T> leaf, int capacity, Func<ResultRecord, T?> get) : ParquetColumnBuffer
    where T : struct
{
    private readonly ParquetPrimitiveValues<T> _values = new(leaf, capacity);

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

        _values.Add(value.GetValueOrDefault());
        _levels?.Add(1);
    }

    public override async Task FlushAsync(ParquetRowGroupWriter writer)
    {
        var rows = _levels?.Count ?? _values.Count;
        var levels = _levels?.RentWidened() ?? ParquetLevelBuffer.RentZeros(rows);
        try
        {
            await _values.WriteAsync(writer, levels.AsMemory(0, rows), null).ConfigureAwait(false);
        }
        finally
        {
            ParquetLevelBuffer.Return(levels);
        }

        _values.Clear();
        _levels?.Clear();
    }

    protected override void Dispose(bool disposing)
    {
        _values.Dispose();
        _levels?.Dispose();
    }
}
