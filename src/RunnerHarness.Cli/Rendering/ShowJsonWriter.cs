using System.Text.Json;
using RunnerHarness.Schema;
using RunnerHarness.Store.Transcripts;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Cli.Rendering;

/// <summary>
/// The <c>show --json</c> output: <c>{ "record": {...}, "transcript": [...] }</c>, or for a case key
/// <c>{ "case_key": ..., "attempts": [ ... ] }</c>; messages in the OpenAI chat message shape, plus <c>kind</c>, <c>model</c>
/// and <c>truncated</c> where they say something.
/// </summary>
internal static class ShowJsonWriter
{
    public static void Write(TextWriter output, string? caseKey, IReadOnlyList<(ResultRecord Record, IReadOnlyList<TranscriptMessage> Transcript)> shown) =>
        JsonOutput.Write(output, json =>
        {
            if (caseKey is null)
            {
                WriteAttempt(json, shown[0].Record, shown[0].Transcript);
                return;
            }

            json.WriteString("case_key", caseKey);
            json.WriteStartArray("attempts");
            foreach (var (record, transcript) in shown)
            {
                json.WriteStartObject();
                WriteAttempt(json, record, transcript);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });

    private static void WriteAttempt(Utf8JsonWriter json, ResultRecord record, IReadOnlyList<TranscriptMessage> transcript)
    {
        json.WritePropertyName("record");
        JsonSerializer.Serialize(json, record, RecordJsonContext.Default.ResultRecord);
        json.WriteStartArray("transcript");
        foreach (var message in transcript)
        {
            json.WriteStartObject();
            json.WriteString("role", message.Role);
            json.WriteString("content", message.Content);
            if (message.ToolCalls.Count > 0)
            {
                json.WritePropertyName("tool_calls");
                TranscriptToolCallsJson.Write(json, message.ToolCalls);
            }

            if (message.ToolCallId is not null)
            {
                json.WriteString("tool_call_id", message.ToolCallId);
            }

            json.WriteString("kind", message.Kind);
            if (message.Model is not null)
            {
                json.WriteString("model", message.Model);
            }

            if (message.Truncated)
            {
                json.WriteBoolean("truncated", true);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
