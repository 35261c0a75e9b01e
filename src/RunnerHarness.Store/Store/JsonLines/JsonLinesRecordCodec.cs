using System.Buffers;
using System.Text.Json;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.JsonLines;

/// <summary>Turns a record into one UTF-8 JSON line and back: the shape of JSON Lines files and write-ahead logs.</summary>
internal static class JsonLinesRecordCodec
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true };

    /// <summary>Writes <paramref name="record"/> and a '\n' to <paramref name="buffer"/>, with the generated writer (the serializer's bytes).</summary>
    public static void WriteLine(ResultRecord record, IBufferWriter<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            JsonLinesRecordWriter.Write(writer, record);
        }

        buffer.Write("\n"u8);
    }

    /// <summary>Parses one line (without its '\n'); <see langword="false"/> when it is not a record, or has no id though one is required.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out ResultRecord? record, out string? error, bool requireRecordId = true)
    {
        try
        {
            record = JsonSerializer.Deserialize(line, RecordJsonContext.Default.ResultRecord);
            if (record is null || (requireRecordId && string.IsNullOrEmpty(record.RecordId)))
            {
                error = "the line has no record_id";
                record = null;
                return false;
            }

            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            record = null;
            error = ex.Message;
            return false;
        }
    }
}
