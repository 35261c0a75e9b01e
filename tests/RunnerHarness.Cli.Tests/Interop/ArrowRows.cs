using Apache.Arrow;
using ParquetSharp.Arrow;
using RunnerHarness.Schema;

namespace RunnerHarness.Cli.Tests.Interop;

/// <summary>
/// Reads a Parquet file with ParquetSharp's Arrow reader (Apache Arrow C++, the reader under pyarrow and
/// pandas), keyed by <c>record_id</c>: each Arrow value as its .NET value, maps as their entries in order.
/// </summary>
internal static class ArrowRows
{
    public static Dictionary<string, Dictionary<string, object?>> Read(string path)
    {
        using var file = new FileReader(path);
        using var batches = file.GetRecordBatchReader();
        var rows = new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
        while (batches.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } batch)
        {
            using (batch)
            {
                for (var r = 0; r < batch.Length; r++)
                {
                    var row = new Dictionary<string, object?>(StringComparer.Ordinal);
                    for (var c = 0; c < batch.ColumnCount; c++)
                    {
                        row[batch.Schema.GetFieldByIndex(c).Name] = Value(batch.Column(c), r);
                    }

                    rows.Add((string)row[RecordColumns.RecordId]!, row);
                }
            }
        }

        return rows;
    }

    /// <summary>The Arrow type name of each column, e.g. <c>timestamp</c> or <c>map</c>.</summary>
    public static Dictionary<string, string> Types(string path)
    {
        using var file = new FileReader(path);
        return file.Schema.FieldsList.ToDictionary(f => f.Name, f => f.DataType.Name, StringComparer.Ordinal);
    }

    private static object? Value(IArrowArray array, int index) => array.IsNull(index) ? null : array switch
    {
        StringArray text => text.GetString(index),
        Int32Array number => (long)number.GetValue(index)!.Value,
        Int64Array number => number.GetValue(index)!.Value,
        DoubleArray number => number.GetValue(index)!.Value,
        BooleanArray flag => flag.GetValue(index)!.Value,
        TimestampArray instant => instant.GetTimestamp(index)!.Value,
        MapArray map => Entries(map, index),
        _ => throw new InvalidOperationException($"Arrow array {array.GetType().Name} has no reading here"),
    };

    private static List<KeyValuePair<string, object?>> Entries(MapArray map, int index)
    {
        var keys = (StringArray)map.Keys;
        var entries = new List<KeyValuePair<string, object?>>();
        for (var i = map.ValueOffsets[index]; i < map.ValueOffsets[index + 1]; i++)
        {
            entries.Add(new(keys.GetString(i), Value(map.Values, i)));
        }

        return entries;
    }
}
