using System.Buffers;
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
        var text = SourceAs<ParquetTextValues>(source);
        if (text?.Values is not { } values)
        {
            AddNew(rows.Length);
            return;
        }

        if (text.DictionaryEntries is { } entries && Values is ParquetDictionaryStrings dictionary)
        {
            CopyIndices(values, entries, text.Distinct, dictionary, rows);
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

    // A dictionary-encoded source into a dictionary: each distinct source value is looked up in this row group's distinct
    // values once, when a copied row first holds it (so they are numbered in the order the record path numbers them), and
    // every row then takes the translated index.
    private void CopyIndices(string?[] values, int[] entries, IReadOnlyList<string> distinct, ParquetDictionaryStrings dictionary, ReadOnlySpan<int> rows)
    {
        var translated = ArrayPool<int>.Shared.Rent(Math.Max(distinct.Count, 1));
        try
        {
            translated.AsSpan(0, distinct.Count).Fill(-1);
            foreach (var row in rows)
            {
                if (values[row] is null)
                {
                    Append(NewRecord);
                    continue;
                }

                var entry = entries[row];
                var index = translated[entry];
                if (index < 0)
                {
                    index = translated[entry] = dictionary.IndexOf(distinct[entry]);
                }

                dictionary.AddIndex(index);
                AddDefinedLevel();
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(translated);
        }
    }
}
