using System.Globalization;
using System.Text.Json;
using RunnerHarness.Schema;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Cli.Rendering;

/// <summary>
/// The terminal form of <c>show</c>: each attempt's record as <c>column: value</c> lines (columns without a value left
/// out), then its transcript, one numbered message per block, tool calls and results with their call ids.
/// </summary>
internal static class ShowTextRenderer
{
    public static void Write(CliContext context, string? caseKey, IReadOnlyList<(ResultRecord Record, IReadOnlyList<TranscriptMessage> Transcript)> shown)
    {
        if (caseKey is not null)
        {
            context.WriteLine(string.Create(CultureInfo.InvariantCulture, $"case {caseKey}: {shown.Count} stored attempt(s), oldest first"));
        }

        for (var i = 0; i < shown.Count; i++)
        {
            var (record, transcript) = shown[i];
            if (caseKey is not null)
            {
                context.WriteLine("");
                context.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== attempt {i + 1} of {shown.Count} =="));
            }

            WriteRecord(context, record);
            context.WriteLine("");
            WriteTranscript(context, transcript);
        }
    }

    private static void WriteRecord(CliContext context, ResultRecord record)
    {
        context.WriteLine($"record {record.RecordId}");
        using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(record, RecordJsonContext.Default.ResultRecord));
        foreach (var column in document.RootElement.EnumerateObject().Where(c => c.Value.ValueKind != JsonValueKind.Null && c.Name != RecordColumns.RecordId))
        {
            var value = column.Value.ValueKind == JsonValueKind.String ? column.Value.GetString() : column.Value.GetRawText();
            context.WriteLine($"  {column.Name}: {value}");
        }
    }

    private static void WriteTranscript(CliContext context, IReadOnlyList<TranscriptMessage> transcript)
    {
        if (transcript.Count == 0)
        {
            context.WriteLine("transcript: none stored (the test made no model call through ModelClients and attached none)");
            return;
        }

        context.WriteLine(string.Create(CultureInfo.InvariantCulture, $"transcript: {transcript.Count} message(s)"));
        for (var i = 0; i < transcript.Count; i++)
        {
            var message = transcript[i];
            var from = message.Kind == TranscriptKinds.Model ? "" : $" [{message.Kind}]";
            var model = message.Model is null ? "" : $" ({message.Model})";
            var answers = message.ToolCallId is null ? "" : $" answering {message.ToolCallId}";
            var cut = message.Truncated ? " [truncated]" : "";
            context.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{i}] {message.Role}{from}{model}{answers}{cut}"));
            if (!string.IsNullOrEmpty(message.Content))
            {
                foreach (var line in message.Content.Split('\n'))
                {
                    context.WriteLine($"    {line}");
                }
            }

            foreach (var call in message.ToolCalls)
            {
                context.WriteLine($"    -> tool call {call.Id}: {call.Name}({call.Arguments})");
            }
        }
    }
}
