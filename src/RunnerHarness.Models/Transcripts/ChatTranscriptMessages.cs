using System.Text.Json;
using Microsoft.Extensions.AI;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Models.Transcripts;

/// <summary>
/// Turns Microsoft.Extensions.AI chat messages into transcript messages of the OpenAI chat shape: an assistant message's
/// text and function calls (id, name, arguments as JSON), and one <c>tool</c> message per function result, carrying the
/// id of the call it answers. Content that is neither text nor a function call or result (images, usage, reasoning) is
/// named by its type in the text, so nothing is dropped without a trace.
/// </summary>
internal static class ChatTranscriptMessages
{
    /// <summary>The transcript messages of <paramref name="messages"/>, of <paramref name="kind"/>, exchanged with <paramref name="model"/>.</summary>
    public static IReadOnlyList<TranscriptMessage> Of(IEnumerable<ChatMessage> messages, string kind, string? model)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var result = new List<TranscriptMessage>();
        foreach (var message in messages)
        {
            Add(message, kind, model, result);
        }

        return result;
    }

    private static void Add(ChatMessage message, string kind, string? model, List<TranscriptMessage> result)
    {
        var results = message.Contents.OfType<FunctionResultContent>().ToList();
        foreach (var answer in results)
        {
            result.Add(new TranscriptMessage { Role = TranscriptRoles.Tool, Kind = kind, Model = model, Content = ResultText(answer.Result), ToolCallId = answer.CallId });
        }

        var calls = message.Contents.OfType<FunctionCallContent>()
            .Select(c => new TranscriptToolCall(c.CallId, c.Name, JsonSerializer.Serialize(c.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions)))
            .ToList();
        var text = string.Concat(message.Contents.Select(TextOf));
        if (calls.Count > 0 || text.Length > 0 || results.Count == 0)
        {
            result.Add(new TranscriptMessage
            {
                Role = RoleOf(message.Role),
                Kind = kind,
                Model = model,
                Content = text.Length > 0 || calls.Count == 0 ? text : null,
                ToolCalls = calls,
            });
        }
    }

    private static string TextOf(AIContent content) => content switch
    {
        TextContent text => text.Text,
        FunctionCallContent or FunctionResultContent or UsageContent => "",
        TextReasoningContent => "",
        _ => $"[{content.GetType().Name}]",
    };

    private static string RoleOf(ChatRole role) =>
        role == ChatRole.System ? TranscriptRoles.System
        : role == ChatRole.Assistant ? TranscriptRoles.Assistant
        : role == ChatRole.Tool ? TranscriptRoles.Tool
        : role == ChatRole.User ? TranscriptRoles.User
        : role.Value;

    private static string ResultText(object? result) => result switch
    {
        null => "",
        string text => text,
        JsonElement element when element.ValueKind == JsonValueKind.String => element.GetString() ?? "",
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions),
    };
}
