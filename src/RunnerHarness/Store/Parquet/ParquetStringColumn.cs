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

    // The cast matters: a bare null converts to ReadOnlyMemory<char> through char[] and would be
    // stored as a defined empty string.
    public override ParquetColumnBuffer CreateBuffer(int rowGroupSize) =>
        new ParquetValueBuffer<ReadOnlyMemory<char>>(_field, Name, rowGroupSize, r => get(r) is { } value ? value.AsMemory() : (ReadOnlyMemory<char>?)null);

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
