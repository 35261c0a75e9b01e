using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Gathers a flat column of fixed-size values (numbers, flags, timestamps): the defined values and, for an optional
/// column, a definition level a row (1 defined, 0 null).
/// </summary>
internal sealed class ParquetValueBuffer<T>(DataField field, IParquetLeafWriter<T> leaf, int capacity, Func<ResultRecord, T?> get)
    : ParquetFlatColumnBuffer<T>(field, new ParquetPrimitiveValues<T>(leaf, capacity), capacity)
    where T : struct
{
    public override void Append(ResultRecord record)
    {
        if (get(record) is { } value)
        {
            AddDefined(value);
        }
        else
        {
            AddNull();
        }
    }

    public override void CopyRows(ParquetColumnValues? source, ReadOnlySpan<int> rows)
    {
        if (SourceAs<ParquetStructValues<T>>(source)?.Values is not { } values)
        {
            AddNew(rows.Length);
            return;
        }

        foreach (var row in rows)
        {
            if (values[row] is { } value)
            {
                AddDefined(value);
            }
            else
            {
                Append(NewRecord);
            }
        }
    }
}
