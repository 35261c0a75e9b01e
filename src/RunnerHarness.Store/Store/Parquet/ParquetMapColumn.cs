using Parquet;
using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// A <c>MAP&lt;string, TValue&gt;</c> column: an optional map of a repeated <c>key_value</c> group, so a
/// null dictionary and an empty one are kept apart (definition level 0 and 1), and entries keep their order.
/// </summary>
/// <typeparam name="TValue">The dictionary's value type.</typeparam>
/// <typeparam name="TStored">How Parquet.Net carries the value (<see cref="ReadOnlyMemory{T}"/> of char for strings).</typeparam>
internal sealed class ParquetMapColumn<TValue, TStored>(
    string name,
    bool valueNullable,
    Func<TStored, TValue> fromStored,
    Func<DataField, DataField, int, ParquetLeafValues<TValue>> valueBuffer,
    Func<ResultRecord, Dictionary<string, TValue>?> get,
    Action<ResultRecordBuilder, Dictionary<string, TValue>> set)
    : ParquetRecordColumn(name)
    where TStored : struct
{
    private readonly MapField _field = new(name, new DataField<string>("key", false), new DataField("value", typeof(TValue), valueNullable));

    // The same map with binary leaves for its strings, which long keys and values go through (see ParquetStringLeaf).
    private readonly MapField _binary = ParquetTwinField.Attach(
        new MapField(name, new DataField<byte[]>("key", false), new DataField("value", typeof(TValue) == typeof(string) ? typeof(byte[]) : typeof(TValue), valueNullable)));

    public override Field SchemaField => _field;

    // Map keys repeat (the same few dimension and trait names on every row): they are kept as distinct strings and indices.
    public override ParquetColumnBuffer CreateBuffer(int rowGroupSize) =>
        new ParquetMapBuffer<TValue>(
            _field,
            new ParquetDictionaryStrings(new ParquetStringLeaf((DataField)_field.Key, (DataField)_binary.Key), rowGroupSize),
            valueBuffer((DataField)_field.Value, (DataField)_binary.Value, rowGroupSize),
            rowGroupSize,
            get);

    public override string? Incompatibility(Field fileField) =>
        fileField is MapField { Key: DataField { MaxRepetitionLevel: 1 } key, Value: DataField value }
        && key.ClrType == typeof(ReadOnlyMemory<char>)
        && value.ClrType == typeof(TStored)
            ? null
            : $"column '{Name}' is {ParquetStringColumn.Describe(fileField)}, expected a map of string to {typeof(TValue).Name}";

    public override async Task<ParquetColumnValues> ReadAsync(ParquetRowGroupReader reader, Field fileField, int rowCount, ParquetColumnValues? reuse)
    {
        var map = (MapField)fileField;
        var keyField = (DataField)map.Key;
        var valueField = (DataField)map.Value;
        using var keys = await ParquetRawColumn<ReadOnlyMemory<char>>.ReadAsync(reader, keyField).ConfigureAwait(false);
        using var values = await ParquetRawColumn<TStored>.ReadAsync(reader, valueField).ConfigureAwait(false);
        var maps = reuse as ParquetObjectValues<Dictionary<string, TValue>> ?? new ParquetObjectValues<Dictionary<string, TValue>>(set);
        Assemble(keys, keyField.MaxDefinitionLevel, values, valueField.MaxDefinitionLevel, maps.Rows(rowCount), rowCount);
        return maps;
    }

    // records comes with every entry null and may be longer than the row group's rowCount rows.
    private void Assemble(ParquetRawColumn<ReadOnlyMemory<char>> keys, int entryLevel, ParquetRawColumn<TStored> values, int valueLevel, Dictionary<string, TValue>?[] records, int rowCount)
    {
        var keyValues = keys.Values;
        var keyLevels = keys.DefinitionLevels;
        var repetitions = keys.RepetitionLevels;
        var storedValues = values.Values;
        var valueLevels = values.DefinitionLevels;
        if (valueLevels.Length != keyLevels.Length)
        {
            throw new InvalidDataException($"column '{Name}' has {keyLevels.Length} keys but {valueLevels.Length} values");
        }

        int row = -1, keyIndex = 0, valueIndex = 0;
        Dictionary<string, TValue>? current = null;
        for (var level = 0; level < keyLevels.Length; level++)
        {
            if (repetitions[level] == 0)
            {
                row++;
                current = null;
                if (row >= rowCount)
                {
                    throw new InvalidDataException($"column '{Name}' has more rows than the row group ({rowCount})");
                }
            }

            var definition = keyLevels[level];
            if (definition < entryLevel)
            {
                // One level short of an entry is a present but empty map; shorter still is a null map.
                if (definition == entryLevel - 1)
                {
                    records[row] = [];
                }

                continue;
            }

            if (current is null)
            {
                current = [];
                records[row] = current;
            }

            var key = keyValues[keyIndex++].ToString();
            if (valueLevels[level] == valueLevel)
            {
                current[key] = fromStored(storedValues[valueIndex++]);
            }
            else if (valueNullable)
            {
                current[key] = default!;
            }
            else
            {
                throw new InvalidDataException($"column '{Name}' has a null value for key '{key}', which this record cannot hold");
            }
        }

        if (row != rowCount - 1)
        {
            throw new InvalidDataException($"column '{Name}' has {row + 1} rows, the row group {rowCount}");
        }
    }
}
