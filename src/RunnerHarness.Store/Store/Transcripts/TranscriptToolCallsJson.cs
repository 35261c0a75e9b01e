using System.Text;
using System.Text.Json;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Store.Transcripts;

/// <summary>Tool calls as the OpenAI <c>tool_calls</c> array: <c>[{"id":..,"type":"function","function":{"name":..,"arguments":..}}]</c>.</summary>
internal static class TranscriptToolCallsJson
{
    /// <summary>Writes <paramref name="calls"/> as the OpenAI <c>tool_calls</c> array at the writer's position.</summary>
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<TranscriptToolCall> calls)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(calls);
        writer.WriteStartArray();
        foreach (var call in calls)
        {
            writer.WriteStartObject();
            writer.WriteString("id", call.Id);
            writer.WriteString("type", "function");
            writer.WriteStartObject("function");
            writer.WriteString("name", call.Name);
            writer.WriteString("arguments", call.Arguments);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>The OpenAI <c>tool_calls</c> array of <paramref name="calls"/> as JSON text, or <see langword="null"/> when there is none.</summary>
    public static string? ToText(IReadOnlyList<TranscriptToolCall> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        if (calls.Count == 0)
        {
            return null;
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, calls);
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>The tool calls of an OpenAI <c>tool_calls</c> array's JSON text (none for <see langword="null"/> or empty text).</summary>
    /// <exception cref="JsonException">The text is not such an array.</exception>
    public static IReadOnlyList<TranscriptToolCall> Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        using var document = JsonDocument.Parse(text);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException($"{TranscriptColumns.ToolCalls} is not a JSON array");
        }

        return [.. document.RootElement.EnumerateArray().Select(c => new TranscriptToolCall(
            Required(c, "id"),
            Required(c.GetProperty("function"), "name"),
            Required(c.GetProperty("function"), "arguments")))];
    }

    private static string Required(JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new JsonException($"{TranscriptColumns.ToolCalls}: '{name}' is null");
}
