using Parquet;
using Parquet.Data;
using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>A column of a fixed-size primitive (int, long, double, bool, timestamp), nullable or required.</summary>
internal sealed class ParquetValueColumn<T>(DataField dataField, Func<ResultRecord, T?> get, Action<ResultRecord, T> set)
    : ParquetRecordColumn(dataField.Name)
    where T : struct
{
    public override Field SchemaField => dataField;

    public override ParquetColumnBuffer CreateBuffer(int rowGroupSize) =>
        new ParquetValueBuffer<T>(dataField, Name, rowGroupSize, get);

    public override string? Incompatibility(Field fileField) =>
        fileField is DataField { MaxRepetitionLevel: 0 } data && data.ClrType == dataField.ClrType
            ? null
            : $"column '{Name}' is {ParquetStringColumn.Describe(fileField)}, expected {typeof(T).Name}";

    public override async Task ReadAsync(ParquetRowGroupReader reader, Field fileField, ResultRecord[] records)
    {
        // Raw reading hands back the defined values and the definition levels apart, which works the
        // same whether another writer declared the column required (no levels) or optional.
        var data = (DataField)fileField;
        using var raw = (RawColumnData<T>)await reader.ReadRawColumnDataBaseAsync(data, CancellationToken.None).ConfigureAwait(false);
        Assign(raw, data.MaxDefinitionLevel, records);
    }

    private void Assign(RawColumnData<T> raw, int maxDefinitionLevel, ResultRecord[] records)
    {
        var values = raw.Values;
        if (maxDefinitionLevel == 0)
        {
            for (var i = 0; i < records.Length; i++)
            {
                set(records[i], values[i]);
            }

            return;
        }

        var levels = raw.DefinitionLevels;
        var next = 0;
        for (var i = 0; i < records.Length; i++)
        {
            if (levels[i] == maxDefinitionLevel)
            {
                set(records[i], values[next++]);
            }
        }
    }
}
