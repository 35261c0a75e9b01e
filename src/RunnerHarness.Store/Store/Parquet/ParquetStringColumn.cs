using Parquet;
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
        using var raw = await ParquetRawColumn<ReadOnlyMemory<char>>.ReadAsync(reader, data).ConfigureAwait(false);
        var values = reuse as ParquetTextValues ?? new ParquetTextValues(set);
        Decode(raw, data.MaxDefinitionLevel, values, rowCount, dictionaryEncoded);
        return values;
    }

    // Rows of a dictionary-encoded chunk point into the same decoded dictionary entry, so one string
    // per entry serves them all: a column of six models costs six strings, not one per row. Each such row also keeps the
    // index of its entry (ParquetTextValues.DictionaryEntries), found by the identity of its memory (ParquetDictionaryEntryFinder).
    // The rows come with every entry null: only defined rows are written.
    private void Decode(ParquetRawColumn<ReadOnlyMemory<char>> raw, int maxDefinitionLevel, ParquetTextValues decoded, int rowCount, bool dictionaryEncoded)
    {
        var result = decoded.Rows(rowCount);
        var values = raw.Values;
        var levels = maxDefinitionLevel == 0 ? default : raw.DefinitionLevels;
        if (!dictionaryEncoded)
        {
            decoded.StartPlain();
            var plain = 0;
            for (var i = 0; i < rowCount; i++)
            {
                if (maxDefinitionLevel == 0 || levels[i] == maxDefinitionLevel)
                {
                    result[i] = Materialize(values[plain++]);
                }
            }

            return;
        }

        var entries = decoded.StartDictionary(rowCount);
        var finder = decoded.EntryFinder;
        finder.Start();
        var next = 0;
        var previousEntry = -1;
        string? previousValue = null;
        for (var i = 0; i < rowCount; i++)
        {
            if (maxDefinitionLevel != 0 && levels[i] != maxDefinitionLevel)
            {
                continue;
            }

            var memory = values[next++];
            var entry = finder.Find(memory);
            if (entry < 0)
            {
                entry = finder.Add(memory);
                decoded.AddDistinct(Materialize(memory));
            }

            if (entry != previousEntry)
            {
                previousEntry = entry;
                previousValue = decoded.DistinctValue(entry);
            }

            entries[i] = entry;
            result[i] = previousValue;
        }

        // The finder's memories point into this chunk's dictionary, which the read frees.
        finder.Start();
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
}
