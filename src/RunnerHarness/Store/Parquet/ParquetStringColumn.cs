using System.Buffers;
using Parquet;
using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>A UTF-8 string column; enums go through it as their wire spellings.</summary>
internal sealed class ParquetStringColumn(string name, bool nullable, Func<ResultRecord, string?> get, Action<ResultRecord, string> set)
    : ParquetRecordColumn(name)
{
    private readonly DataField _field = new DataField<string>(name, nullable);

    public override Field SchemaField => _field;

    public override async Task WriteAsync(ParquetRowGroupWriter writer, IReadOnlyList<ResultRecord> records, int start, int count)
    {
        // Parquet.Net's generic path takes strings as ReadOnlyMemory<char> without copying them, and
        // takes nulls as definition levels beside the defined values only.
        var values = ArrayPool<ReadOnlyMemory<char>>.Shared.Rent(count);
        // Required columns pass their definition levels too (all 0): Parquet.Net counts a row group's
        // rows by the levels of the column it sees first.
        var levels = ArrayPool<int>.Shared.Rent(count);
        try
        {
            var defined = 0;
            for (var i = 0; i < count; i++)
            {
                var value = get(records[start + i]);
                if (value is null)
                {
                    if (!nullable)
                    {
                        throw new ArgumentException($"Record {start + i} has no {Name}, which every record must have.", nameof(records));
                    }

                    levels[i] = 0;
                }
                else
                {
                    values[defined++] = value.AsMemory();
                    levels[i] = nullable ? 1 : 0;
                }
            }

            await writer.WriteAllPartsAsync<ReadOnlyMemory<char>>(_field, values.AsMemory(0, defined), levels.AsMemory(0, count), null, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<ReadOnlyMemory<char>>.Shared.Return(values, clearArray: true);
            ArrayPool<int>.Shared.Return(levels);
        }
    }

    public override string? Incompatibility(Field fileField) =>
        fileField is DataField { MaxRepetitionLevel: 0 } data && data.ClrType == _field.ClrType
            ? null
            : $"column '{Name}' is {Describe(fileField)}, expected a string";

    public override async Task ReadAsync(ParquetRowGroupReader reader, Field fileField, ResultRecord[] records)
    {
        var values = ArrayPool<string?>.Shared.Rent(records.Length);
        try
        {
            await reader.ReadAsync((DataField)fileField, values.AsMemory(0, records.Length), null, CancellationToken.None).ConfigureAwait(false);
            for (var i = 0; i < records.Length; i++)
            {
                if (values[i] is { } value)
                {
                    set(records[i], value);
                }
            }
        }
        finally
        {
            ArrayPool<string?>.Shared.Return(values, clearArray: true);
        }
    }

    internal static string Describe(Field field) => field switch
    {
        DataField data => $"{(data.MaxRepetitionLevel > 0 ? "a repeated " : "")}{data.ClrType.Name}",
        _ => $"a {field.SchemaType}",
    };
}
