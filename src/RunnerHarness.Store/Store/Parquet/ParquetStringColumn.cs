using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Parquet;
using Parquet.Data;
using Parquet.Meta;
using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// A UTF-8 string column; enums go through it as their wire spellings, checked by
/// <paramref name="validate"/> when read.
/// </summary>
internal sealed class ParquetStringColumn(
    string name, bool nullable, Func<ResultRecord, string?> get, Action<ResultRecordBuilder, string> set, Action<string>? validate = null)
    : ParquetRecordColumn(name)
{
    private readonly DataField _field = new DataField<string>(name, nullable);

    // Whether the column is dictionary-encoded (RecordColumnAttribute.PlainEncoding unset): its values repeat.
    private readonly bool _repeats = !RecordSchema.Columns.Any(c => c.Name == name && c.PlainEncoding);

    // Long values go through this twin, so that Parquet.Net writes no copies of them as statistics.
    private readonly DataField _binary = ParquetTwinField.Attach(new DataField<byte[]>(name, nullable));

    public override Field SchemaField => _field;

    // A repeating column keeps one string per distinct value of its row group and an index a row; a column of unique
    // values (record_id, free text) copies its characters into an arena. Either way no string a row outlives its record,
    // so a streamed seal's memory is the row group's compact columns, not its records' strings.
    public override ParquetColumnBuffer CreateBuffer(int rowGroupSize)
    {
        var leaf = new ParquetStringLeaf(_field, _binary);
        ParquetLeafValues<string> values = _repeats ? new ParquetDictionaryStrings(leaf, rowGroupSize) : new ParquetArenaStrings(leaf, rowGroupSize);
        return new ParquetStringBuffer(_field, values, rowGroupSize, get);
    }

    public override string? Incompatibility(Field fileField) =>
        fileField is DataField { MaxRepetitionLevel: 0 } data && data.ClrType == _field.ClrType
            ? null
            : $"column '{Name}' is {Describe(fileField)}, expected a string";

    public override async Task<ParquetColumnValues> ReadAsync(ParquetRowGroupReader reader, Field fileField, int rowCount, ParquetColumnValues? reuse)
    {
        var data = (DataField)fileField;
        var encodings = reader.GetMetadata(data)?.MetaData?.Encodings;
        var dictionaryEncoded = encodings is not null && (encodings.Contains(Encoding.PLAIN_DICTIONARY) || encodings.Contains(Encoding.RLE_DICTIONARY));
        using var raw = (RawColumnData<ReadOnlyMemory<char>>)await reader.ReadRawColumnDataBaseAsync(data, CancellationToken.None).ConfigureAwait(false);
        var values = reuse as ParquetTextValues ?? new ParquetTextValues(set);
        Decode(raw, data.MaxDefinitionLevel, values, rowCount, dictionaryEncoded);
        return values;
    }

    // Rows of a dictionary-encoded chunk point into the same decoded dictionary entry, so one string
    // per entry serves them all: a column of six models costs six strings, not one per row. Each such row also keeps the
    // index of its entry (ParquetTextValues.DictionaryEntries). The rows come with every entry null: only defined rows are written.
    private void Decode(RawColumnData<ReadOnlyMemory<char>> raw, int maxDefinitionLevel, ParquetTextValues decoded, int rowCount, bool dictionaryEncoded)
    {
        var result = decoded.Rows(rowCount);
        var values = raw.Values;
        var levels = maxDefinitionLevel == 0 ? default : raw.DefinitionLevels;
        var strings = dictionaryEncoded ? new Dictionary<ReadOnlyMemory<char>, int>(MemoryIdentityComparer.Instance) : null;
        var entries = dictionaryEncoded ? decoded.StartDictionary(rowCount) : null;
        if (!dictionaryEncoded)
        {
            decoded.StartPlain();
        }

        var next = 0;
        for (var i = 0; i < rowCount; i++)
        {
            if (maxDefinitionLevel != 0 && levels[i] != maxDefinitionLevel)
            {
                continue;
            }

            var memory = values[next++];
            if (strings is null)
            {
                result[i] = Materialize(memory);
                continue;
            }

            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(strings, memory, out var exists);
            if (!exists)
            {
                entry = decoded.AddDistinct(Materialize(memory));
            }

            entries![i] = entry;
            result[i] = decoded.Distinct[entry];
        }
    }

    private string Materialize(ReadOnlyMemory<char> memory)
    {
        var text = memory.ToString();
        validate?.Invoke(text);
        return text;
    }

    internal static string Describe(Field field) => field switch
    {
        DataField data => $"{(data.MaxRepetitionLevel > 0 ? "a repeated " : "")}{data.ClrType.Name}",
        _ => $"a {field.SchemaType}",
    };

    /// <summary>Equal when two memories are the same slice of the same buffer; hashes by reference, never by content.</summary>
    private sealed class MemoryIdentityComparer : IEqualityComparer<ReadOnlyMemory<char>>
    {
        public static readonly MemoryIdentityComparer Instance = new();

        public bool Equals(ReadOnlyMemory<char> x, ReadOnlyMemory<char> y) => x.Equals(y);

        public int GetHashCode(ReadOnlyMemory<char> obj)
        {
            if (MemoryMarshal.TryGetArray(obj, out var segment))
            {
                return HashCode.Combine(RuntimeHelpers.GetHashCode(segment.Array), segment.Offset, segment.Count);
            }

            return MemoryMarshal.TryGetString(obj, out var text, out var start, out var length)
                ? HashCode.Combine(RuntimeHelpers.GetHashCode(text), start, length)
                : obj.Length;
        }
    }
}
