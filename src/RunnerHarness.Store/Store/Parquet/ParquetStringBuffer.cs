using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Gathers a flat string column: its defined values in <paramref name="values"/> (distinct strings and indices, or an
/// arena of characters) and, for an optional column, a definition level a row (1 defined, 0 null).
/// </summary>
internal sealed class ParquetStringBuffer(DataField field, ParquetLeafValues<string> values, int capacity, Func<ResultRecord, string?> get)
    : ParquetFlatColumnBuffer<string>(field, values, capacity)
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
        if (SourceAs<ParquetObjectValues<string>>(source)?.Values is not { } values)
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
