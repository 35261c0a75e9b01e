using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace RunnerHarness.Models.Simulation;

/// <summary>
/// Fills a tool's arguments the way a careful model would: a parameter takes the value of the same-named field of the
/// latest successful tool result, else a <c>name: value</c> or <c>name=value</c> given in the task (a value in backticks may hold spaces), else a plausible
/// value of its JSON schema type (the first of an <c>enum</c>). Required parameters are always filled; optional ones
/// only when the conversation gives a value.
/// </summary>
internal static class SimulatedArguments
{
    public static Dictionary<string, object?> Fill(AIFunctionDeclaration tool, SimulatedConversation conversation)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        var schema = tool.JsonSchema;
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return arguments;
        }

        var required = Required(tool);
        foreach (var property in properties.EnumerateObject())
        {
            if (conversation.Outputs.TryGetValue(property.Name, out var output))
            {
                arguments[property.Name] = output;
            }
            else if (FromTask(conversation.TaskText, property.Name) is { } given)
            {
                arguments[property.Name] = given;
            }
            else if (required.Contains(property.Name))
            {
                arguments[property.Name] = Plausible(property.Name, property.Value);
            }
        }

        return arguments;
    }

    /// <summary>The names of <paramref name="tool"/>'s required parameters.</summary>
    public static HashSet<string> Required(AIFunctionDeclaration tool)
    {
        var schema = tool.JsonSchema;
        return schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
            ? [.. required.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!)]
            : new HashSet<string>(StringComparer.Ordinal);
    }

    private static string? FromTask(string taskText, string name)
    {
        var match = Regex.Match(
            taskText,
            $@"(?<![\w-])`?{Regex.Escape(name)}`?\s*[:=]\s*(?:`(?<value>[^`]+)`|(?<value>[^\s`,;]+))",
            RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));
        return match.Success ? match.Groups["value"].Value.TrimEnd('.', ')') : null;
    }

    private static object? Plausible(string name, JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return name;
        }

        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0)
        {
            return values[0].Clone();
        }

        var type = schema.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "string";
        return type switch
        {
            "integer" => 1,
            "number" => 1.0,
            "boolean" => true,
            "array" => Array.Empty<object>(),
            "object" => new Dictionary<string, object?>(),
            _ => $"{name.Replace('_', '-')}-1",
        };
    }
}
