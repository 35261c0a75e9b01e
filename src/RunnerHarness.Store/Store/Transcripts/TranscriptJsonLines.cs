using System.Buffers;
using System.Text.Json;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Store.Transcripts;

/// <summary>Transcript rows as JSON lines, one message a line, with the columns of <see cref="TranscriptColumns"/>.</summary>
internal static class TranscriptJsonLines
{
    /// <summary>Appends <paramref name="row"/> as one line, '\n' included.</summary>
    public static void WriteLine(TranscriptRow row, IBufferWriter<byte> output)
    {
        using (var writer = new Utf8JsonWriter(output))
        {
            var message = row.Message;
            writer.WriteStartObject();
            writer.WriteString(TranscriptColumns.RecordId, row.RecordId);
            writer.WriteNumber(TranscriptColumns.Sequence, row.Sequence);
            writer.WriteString(TranscriptColumns.Kind, message.Kind);
            writer.WriteString(TranscriptColumns.Role, message.Role);
            writer.WriteString(TranscriptColumns.Model, message.Model);
            writer.WriteString(TranscriptColumns.Content, message.Content);
            writer.WriteString(TranscriptColumns.ToolCalls, TranscriptToolCallsJson.ToText(message.ToolCalls));
            writer.WriteString(TranscriptColumns.ToolCallId, message.ToolCallId);
            writer.WriteBoolean(TranscriptColumns.Truncated, message.Truncated);
            writer.WriteEndObject();
        }

        output.Write("\n"u8);
    }

    /// <summary>Writes <paramref name="rows"/> as a JSON Lines file to <paramref name="destination"/>.</summary>
    public static void Write(IEnumerable<TranscriptRow> rows, Stream destination)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        foreach (var row in rows)
        {
            WriteLine(row, buffer);
            if (buffer.WrittenCount >= 1 << 20)
            {
                destination.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }
        }

        destination.Write(buffer.WrittenSpan);
    }

    /// <summary>
    /// The rows of the JSON Lines file at <paramref name="path"/>; a line that does not parse is reported as
    /// <see cref="StoreProblemKind.BadLine"/> and skipped, a last line without its '\n' as <paramref name="tornTailKind"/>.
    /// </summary>
    public static List<TranscriptRow> Read(string path, Action<StoreProblem> report, StoreProblemKind tornTailKind)
    {
        var rows = new List<TranscriptRow>();
        Scan(path, (row, _) => rows.Add(row), report, tornTailKind);
        return rows;
    }

    /// <summary>Passes each row of the file, with its line's length in bytes, to <paramref name="take"/>; problems as <see cref="Read"/> reports them.</summary>
    public static void Scan(string path, Action<TranscriptRow, int> take, Action<StoreProblem> report, StoreProblemKind tornTailKind) =>
        JsonLinesFileReader.Scan(path, (line, number) =>
        {
            TranscriptRow row;
            try
            {
                row = Parse(line);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
            {
                report(new StoreProblem(StoreProblemKind.BadLine, path, $"transcript line {number} does not parse and is skipped: {ex.Message}"));
                return;
            }

            take(row, line.Length + 1);
        }, report, tornTailKind);

    private static TranscriptRow Parse(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var role = Text(root, TranscriptColumns.Role) ?? throw new JsonException($"'{TranscriptColumns.Role}' is missing");
        var kind = Text(root, TranscriptColumns.Kind) ?? throw new JsonException($"'{TranscriptColumns.Kind}' is missing");
        var row = new TranscriptRow(
            Text(root, TranscriptColumns.RecordId) ?? throw new JsonException($"'{TranscriptColumns.RecordId}' is missing"),
            root.GetProperty(TranscriptColumns.Sequence).GetInt32(),
            new TranscriptMessage
            {
                Role = role,
                Kind = kind,
                Model = Text(root, TranscriptColumns.Model),
                Content = Text(root, TranscriptColumns.Content),
                ToolCalls = TranscriptToolCallsJson.Parse(Text(root, TranscriptColumns.ToolCalls)),
                ToolCallId = Text(root, TranscriptColumns.ToolCallId),
                Truncated = root.TryGetProperty(TranscriptColumns.Truncated, out var truncated) && truncated.GetBoolean(),
            });
        return row;
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetString() : null;
}
