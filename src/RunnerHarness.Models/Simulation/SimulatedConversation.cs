using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace RunnerHarness.Models.Simulation;

/// <summary>
/// What a simulated model reads from a conversation: the tools offered, the task, its plan (the offered tools in the
/// order the task mentions them), the calls made so far and their results, and the values those results returned.
/// </summary>
internal sealed class SimulatedConversation
{
    private SimulatedConversation(
        IReadOnlyList<AIFunctionDeclaration> tools,
        string taskText,
        IReadOnlyList<string> plan,
        IReadOnlyList<SimulatedToolCall> calls,
        IReadOnlyDictionary<string, JsonElement> outputs,
        int turn,
        int characters)
    {
        Tools = tools;
        TaskText = taskText;
        Plan = plan;
        Calls = calls;
        Outputs = outputs;
        Turn = turn;
        Characters = characters;
    }

    /// <summary>The tools offered in <see cref="ChatOptions.Tools"/>, in their order.</summary>
    public IReadOnlyList<AIFunctionDeclaration> Tools { get; }

    /// <summary>The text of the user messages.</summary>
    public string TaskText { get; }

    /// <summary>The steps the model means to take: offered tools the task mentions, by first mention; else every offered tool.</summary>
    public IReadOnlyList<string> Plan { get; }

    /// <summary>The tool calls made so far, in order.</summary>
    public IReadOnlyList<SimulatedToolCall> Calls { get; }

    /// <summary>The fields of successful JSON results, the latest value of each name.</summary>
    public IReadOnlyDictionary<string, JsonElement> Outputs { get; }

    /// <summary>The number of assistant messages so far: this answer's turn, from 0.</summary>
    public int Turn { get; }

    /// <summary>The characters the conversation and its tool definitions hold, for token counts.</summary>
    public int Characters { get; }

    /// <summary>The planned steps that have a successful call.</summary>
    public IEnumerable<string> Completed => Plan.Where(step => Calls.Any(c => c.Succeeded == true && c.Name == step));

    /// <summary>The first planned step without a successful call, or <see langword="null"/> when all are done.</summary>
    public string? NextStep => Plan.FirstOrDefault(step => !Calls.Any(c => c.Succeeded == true && c.Name == step));

    /// <summary>The latest call, or <see langword="null"/> before the first.</summary>
    public SimulatedToolCall? LastCall => Calls.Count == 0 ? null : Calls[^1];

    /// <summary>Reads <paramref name="messages"/> and the tools of <paramref name="options"/>.</summary>
    public static SimulatedConversation Read(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var tools = options?.Tools?.OfType<AIFunctionDeclaration>().ToList() ?? [];
        var task = new StringBuilder();
        var characters = tools.Sum(t => t.Name.Length + (t.Description?.Length ?? 0) + t.JsonSchema.GetRawText().Length);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var calls = new List<(string Id, string Name)>();
        var results = new Dictionary<string, (bool Succeeded, string? Error)>(StringComparer.Ordinal);
        var outputs = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var turn = 0;
        foreach (var message in messages)
        {
            characters += message.Text.Length;
            if (message.Role == ChatRole.User)
            {
                task.AppendLine(message.Text);
            }
            else if (message.Role == ChatRole.Assistant)
            {
                turn++;
            }

            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case FunctionCallContent call:
                        characters += call.Name.Length + JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions).Length;
                        calls.Add((call.CallId, call.Name));
                        break;
                    case FunctionResultContent result:
                        var (succeeded, error, json) = Interpret(result);
                        characters += json?.GetRawText().Length ?? error?.Length ?? 0;
                        results[result.CallId] = (succeeded, error);
                        if (succeeded && json is { ValueKind: JsonValueKind.Object } fields)
                        {
                            foreach (var field in fields.EnumerateObject())
                            {
                                outputs[field.Name] = field.Value.Clone();
                            }
                        }

                        break;
                }
            }
        }

        var taskText = task.ToString();
        var toolCalls = calls
            .Select(c => results.TryGetValue(c.Id, out var r) ? new SimulatedToolCall(c.Name, r.Succeeded, r.Error) : new SimulatedToolCall(c.Name, null, null))
            .ToList();
        return new SimulatedConversation(tools, taskText, PlanOf(tools, taskText), toolCalls, outputs, turn, characters);
    }

    private static List<string> PlanOf(List<AIFunctionDeclaration> tools, string taskText)
    {
        var mentioned = tools
            .Select(t => (t.Name, Position: FirstMention(taskText, t.Name)))
            .Where(t => t.Position >= 0)
            .OrderBy(t => t.Position)
            .Select(t => t.Name)
            .ToList();
        return mentioned.Count > 0 ? mentioned : [.. tools.Select(t => t.Name)];
    }

    // A mention is the name standing alone: file_reader does not count inside file_reader_v2.
    private static int FirstMention(string text, string name)
    {
        for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
        {
            var end = at + name.Length;
            if ((at == 0 || !IsNamePart(text[at - 1])) && (end == text.Length || !IsNamePart(text[end])))
            {
                return at;
            }
        }

        return -1;
    }

    private static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '-';

    // A result failed when it carries an exception, a JSON object with "error" or a failing "status", or text starting with "error".
    private static (bool Succeeded, string? Error, JsonElement? Json) Interpret(FunctionResultContent result)
    {
        if (result.Exception is { } exception)
        {
            return (false, exception.Message, null);
        }

        var json = result.Result switch
        {
            null => (JsonElement?)null,
            JsonElement element => element,
            string text => TryParse(text),
            var other => JsonSerializer.SerializeToElement(other, AIJsonUtilities.DefaultOptions),
        };
        if (json is { ValueKind: JsonValueKind.Object } obj)
        {
            var status = obj.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var hasError = obj.TryGetProperty("error", out var e) && e.ValueKind is not JsonValueKind.Null;
            var failed = hasError || status is "error" or "failed" or "failure";
            return (!failed, failed ? (hasError ? e.ToString() : status) : null, obj);
        }

        var raw = result.Result as string ?? json?.ToString();
        return raw is not null && raw.TrimStart().StartsWith("error", StringComparison.OrdinalIgnoreCase)
            ? (false, raw, json)
            : (true, null, json);
    }

    private static JsonElement? TryParse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text, AIJsonUtilities.DefaultOptions);
        }
    }
}
