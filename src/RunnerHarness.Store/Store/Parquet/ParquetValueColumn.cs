using Parquet;
using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>A column of a fixed-size primitive (int, long, double, bool, timestamp), nullable or required.</summary>
internal sealed class ParquetValueColumn<T>(DataField dataField, Func<ResultRecord, T?> get, Action<ResultRecordBuilder, T> set, IParquetLeafWriter<T>? leaf = null)
    : ParquetRecordColumn(dataField.Name)
    where T : struct
{
    public override Field SchemaField => dataField;

    public override ParquetColumnBuffer CreateBuffer(int rowGroupSize) =>
        new ParquetValueBuffer<T>(dataField, leaf ?? new ParquetValueLeaf<T>(dataField), rowGroupSize, get);

    public override string? Incompatibility(Field fileField) =>
        fileField is DataField { MaxRepetitionLevel: 0 } data && data.ClrType == dataField.ClrType
            ? null
            : $"column '{Name}' is {ParquetStringColumn.Describe(fileField)}, expected {typeof(T).Name}";

    public override async Task<ParquetColumnValues> ReadAsync(ParquetRowGroupReader reader, Field fileField, int rowCount, ParquetColumnValues? reuse)
    {
        // Raw reading hands back the defined values and the definition levels apart, which works the
        // same whether another writer declared the column required (no levels) or optional.
        var data = (DataField)fileField;
        using var raw = await ParquetRawColumn<T>.ReadAsync(reader, data).ConfigureAwait(false);
        var values = reuse as ParquetStructValues<T> ?? new ParquetStructValues<T>(set);
        Decode(raw, data.MaxDefinitionLevel, values.Rows(rowCount), rowCount);
        return values;
    }

    // result comes with every entry null: only defined rows are written.
    private static void Decode(ParquetRawColumn<T> raw, int maxDefinitionLevel, T?[] result, int rowCount)
    {
        var values = raw.Values;
        if (maxDefinitionLevel == 0)
        {
            for (var i = 0; i < rowCount; i++)
            {
                result[i] = values[i];
            }

            return;
        }

        var levels = raw.DefinitionLevels;
        var next = 0;
        for (var i = 0; i < rowCount; i++)
        {
            if (levels[i] == maxDefinitionLevel)
            {
                result[i] = values[next++];
            }
        }
    }
}
