using Parquet;
using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Gathers a <c>MAP</c> column as its two leaf columns, <c>key</c> and <c>value</c>, with a repetition
/// level per entry (0 starts a row) and definition levels that tell a null map (one short of an empty
/// one), an empty map (one short of an entry), an entry with a null value, and an entry with a value.
/// </summary>
internal sealed class ParquetMapBuffer<TValue>(
    MapField field,
    ParquetLeafValues<string> keys,
    ParquetLeafValues<TValue> values,
    int capacity,
    Func<ResultRecord, Dictionary<string, TValue>?> get)
    : ParquetColumnBuffer
{
    private readonly int _entryLevel = ((DataField)field.Key).MaxDefinitionLevel;
    private readonly int _valueLevel = ((DataField)field.Value).MaxDefinitionLevel;
    private readonly ParquetLevelBuffer _keyLevels = new(capacity);
    private readonly ParquetLevelBuffer _valueLevels = new(capacity);
    private readonly ParquetLevelBuffer _repetitions = new(capacity);

    public override void Append(ResultRecord record) => Add(get(record));

    public override void CopyRows(ParquetColumnValues? source, ReadOnlySpan<int> rows)
    {
        var values = SourceAs<ParquetObjectValues<Dictionary<string, TValue>>>(source)?.Values;
        foreach (var row in rows)
        {
            Add(values?[row] ?? get(NewRecord));
        }
    }

    private void Add(Dictionary<string, TValue>? map)
    {
        if (map is null || map.Count == 0)
        {
            var level = map is null ? _entryLevel - 2 : _entryLevel - 1;
            _keyLevels.Add(level);
            _valueLevels.Add(level);
            _repetitions.Add(0);
            return;
        }

        var repetition = 0;
        foreach (var (key, value) in map)
        {
            _repetitions.Add(repetition);
            repetition = 1;
            _keyLevels.Add(_entryLevel);
            keys.Add(key);
            if (value is null)
            {
                _valueLevels.Add(_entryLevel);
            }
            else
            {
                _valueLevels.Add(_valueLevel);
                values.Add(value);
            }
        }
    }

    public override int DictionaryValueCount =>
        (keys is ParquetDictionaryStrings ? keys.Count : 0) + (values is ParquetDictionaryStrings ? values.Count : 0);

    public override async Task FlushAsync(ParquetRowGroupWriter writer)
    {
        var count = _repetitions.Count;
        var repetitions = _repetitions.RentWidened();
        var levels = _keyLevels.RentWidened();
        try
        {
            await keys.WriteAsync(writer, levels.AsMemory(0, count), repetitions.AsMemory(0, count)).ConfigureAwait(false);
            ParquetLevelBuffer.Return(levels);
            levels = _valueLevels.RentWidened();
            await values.WriteAsync(writer, levels.AsMemory(0, count), repetitions.AsMemory(0, count)).ConfigureAwait(false);
        }
        finally
        {
            ParquetLevelBuffer.Return(levels);
            ParquetLevelBuffer.Return(repetitions);
        }

        keys.Clear();
        values.Clear();
        _keyLevels.Clear();
        _valueLevels.Clear();
        _repetitions.Clear();
    }

    protected override void Dispose(bool disposing)
    {
        keys.Dispose();
        values.Dispose();
        _keyLevels.Dispose();
        _valueLevels.Dispose();
        _repetitions.Dispose();
    }
}
