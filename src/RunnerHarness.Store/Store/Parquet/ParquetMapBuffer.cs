using System.Buffers;
using Parquet;
using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Gathers a <c>MAP</c> column as its two leaf columns, <c>key</c> and <c>value</c>, with a repetition
/// level per entry (0 starts a row) and definition levels that tell a null map (one short of an empty
/// one), an empty map (one short of an entry), an entry with a null value, and an entry with a value.
/// </summary>
internal sealed class ParquetMapBuffer<TValue, TStored>(
    MapField field,
    IParquetLeafWriter<ReadOnlyMemory<char>> keyLeaf,
    IParquetLeafWriter<TStored> valueLeaf,
    int capacity,
    Func<ResultRecord, Dictionary<string, TValue>?> get,
    Func<TValue, TStored> toStored)
    : ParquetColumnBuffer
    where TStored : struct
{
    private readonly DataField _keyField = (DataField)field.Key;
    private readonly DataField _valueField = (DataField)field.Value;
    private ReadOnlyMemory<char>[] _keys = ArrayPool<ReadOnlyMemory<char>>.Shared.Rent(capacity);
    private TStored[] _values = ArrayPool<TStored>.Shared.Rent(capacity);
    private int[] _keyLevels = ArrayPool<int>.Shared.Rent(capacity);
    private int[] _valueLevels = ArrayPool<int>.Shared.Rent(capacity);
    private int[] _repetitions = ArrayPool<int>.Shared.Rent(capacity);
    private int _levelCount;
    private int _keyCount;
    private int _valueCount;

    public override void Append(ResultRecord record)
    {
        var map = get(record);
        var entryLevel = _keyField.MaxDefinitionLevel;
        if (map is null || map.Count == 0)
        {
            EnsureRoom(1);
            _keyLevels[_levelCount] = _valueLevels[_levelCount] = map is null ? entryLevel - 2 : entryLevel - 1;
            _repetitions[_levelCount++] = 0;
            return;
        }

        EnsureRoom(map.Count);
        var repetition = 0;
        foreach (var (key, value) in map)
        {
            _repetitions[_levelCount] = repetition;
            repetition = 1;
            _keyLevels[_levelCount] = entryLevel;
            _keys[_keyCount++] = key.AsMemory();
            if (value is null)
            {
                _valueLevels[_levelCount] = entryLevel;
            }
            else
            {
                _valueLevels[_levelCount] = _valueField.MaxDefinitionLevel;
                _values[_valueCount++] = toStored(value);
            }

            _levelCount++;
        }
    }

    public override async Task FlushAsync(ParquetRowGroupWriter writer)
    {
        var repetitions = _repetitions.AsMemory(0, _levelCount);
        await keyLeaf.WriteAsync(writer, _keys.AsMemory(0, _keyCount), _keyLevels.AsMemory(0, _levelCount), repetitions).ConfigureAwait(false);
        await valueLeaf.WriteAsync(writer, _values.AsMemory(0, _valueCount), _valueLevels.AsMemory(0, _levelCount), repetitions).ConfigureAwait(false);
        Array.Clear(_keys, 0, _keyCount);
        Array.Clear(_values, 0, _valueCount);
        _levelCount = _keyCount = _valueCount = 0;
    }

    protected override void Dispose(bool disposing)
    {
        ArrayPool<ReadOnlyMemory<char>>.Shared.Return(_keys, clearArray: true);
        ArrayPool<TStored>.Shared.Return(_values, clearArray: true);
        ArrayPool<int>.Shared.Return(_keyLevels);
        ArrayPool<int>.Shared.Return(_valueLevels);
        ArrayPool<int>.Shared.Return(_repetitions);
        _keys = [];
        _values = [];
        _keyLevels = _valueLevels = _repetitions = [];
    }

    // Every array holds one slot per level at least (keys and values never outnumber levels).
    private void EnsureRoom(int entries)
    {
        var needed = _levelCount + entries;
        if (needed <= _keyLevels.Length)
        {
            return;
        }

        var size = Math.Max(needed, _keyLevels.Length * 2);
        Grow(ref _keys, size, _keyCount);
        Grow(ref _values, size, _valueCount);
        Grow(ref _keyLevels, size, _levelCount);
        Grow(ref _valueLevels, size, _levelCount);
        Grow(ref _repetitions, size, _levelCount);
    }

    private static void Grow<T>(ref T[] array, int size, int used)
    {
        var larger = ArrayPool<T>.Shared.Rent(size);
        Array.Copy(array, larger, used);
        ArrayPool<T>.Shared.Return(array, clearArray: true);
        array = larger;
    }
}
