using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using WorkflowBench.Tasks;

namespace WorkflowBench.Agent;

/// <summary>
/// Runs a model's tool calls against simulated tools of one workflow. A call is checked in this order: the tool was
/// offered; every parameter is present, of its type, allowed, and the task's value where the task gives one; the step
/// whose id it consumes has run; the id passed is one that step returned. Then it fails transiently with probability
/// <c>1 - tool success rate</c>, drawn per sample and call, so a sample always meets the same failures. A success
/// returns <c>{"status":"success","&lt;handle&gt;":"&lt;id&gt;"}</c>, a failure <c>{"status":"error","error":"..."}</c>.
/// </summary>
internal sealed class WorkflowToolbox(WorkflowTask task, double toolSuccessRate, SampleDice dice)
{
    private readonly Dictionary<string, HashSet<string>> _returned = new(StringComparer.Ordinal);
    private readonly List<ToolCallRecord> _calls = [];

    /// <summary>The calls run so far, in order.</summary>
    public IReadOnlyList<ToolCallRecord> Calls => _calls;

    /// <summary>Runs <paramref name="call"/> and returns its record; the record's result is what the model is shown.</summary>
    public ToolCallRecord Execute(FunctionCallContent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var record = Run(call);
        _calls.Add(record);
        return record;
    }

    private ToolCallRecord Run(FunctionCallContent call)
    {
        if (task.Tool(call.Name) is not { } tool)
        {
            return Fail(call.Name, CallOutcome.UnknownTool, $"tool selection error: `{call.Name}` is not an available tool");
        }

        if (call.Exception is not null)
        {
            return Fail(call.Name, CallOutcome.InvalidParameters, $"invalid_input: the arguments of `{call.Name}` are not valid JSON");
        }

        var arguments = (call.Arguments ?? new Dictionary<string, object?>())
            .ToDictionary(a => a.Key, a => JsonSerializer.SerializeToElement(a.Value, AIJsonUtilities.DefaultOptions), StringComparer.Ordinal);
        if (ParameterProblem(tool, arguments) is { } problem)
        {
            return Fail(call.Name, CallOutcome.InvalidParameters, problem);
        }

        if (tool.Consumes is { } consumed && task.Steps.FirstOrDefault(s => s.Produces == consumed) is { } prerequisite)
        {
            if (!_returned.TryGetValue(prerequisite.Name, out var ids))
            {
                return Fail(call.Name, CallOutcome.OutOfOrder, $"sequence error: `{call.Name}` needs the {consumed} of `{prerequisite.Name}`, which has not run yet");
            }

            if (!ids.Contains(arguments[consumed].GetString()!))
            {
                return Fail(call.Name, CallOutcome.BrokenDependency, $"dependency error: {consumed} '{arguments[consumed].GetString()}' was not returned by `{prerequisite.Name}`");
            }
        }

        if (dice.Roll("tool_failure", _calls.Count) >= toolSuccessRate)
        {
            return Fail(call.Name, CallOutcome.TransientFailure, $"`{call.Name}` failed transiently: service temporarily unavailable, try again");
        }

        var id = $"{tool.Produces.Replace("_id", string.Empty, StringComparison.Ordinal)}-{dice.Tag(tool.Name, _calls.Count)}";
        var outcome = task.Step(tool.Name) is null ? CallOutcome.Distractor
            : _returned.ContainsKey(tool.Name) ? CallOutcome.Repeated
            : CallOutcome.Completed;
        if (!_returned.TryGetValue(tool.Name, out var returned))
        {
            _returned[tool.Name] = returned = new HashSet<string>(StringComparer.Ordinal);
        }

        returned.Add(id);
        var result = new JsonObject { ["status"] = "success", [tool.Produces] = id };
        return new ToolCallRecord(tool.Name, outcome, result.ToJsonString(), null);
    }

    private string? ParameterProblem(WorkflowTool tool, Dictionary<string, JsonElement> arguments)
    {
        foreach (var parameter in tool.AllParameters)
        {
            if (!arguments.TryGetValue(parameter.Name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                return $"invalid_input: missing required parameter `{parameter.Name}` of `{tool.Name}`";
            }

            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            var typed = parameter.Type == "integer"
                ? value.ValueKind == JsonValueKind.Number || (value.ValueKind == JsonValueKind.String && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                : value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(text);
            if (!typed)
            {
                return $"invalid_input: parameter `{parameter.Name}` of `{tool.Name}` must be {(parameter.Type == "integer" ? "an integer" : "a non-empty string")}, got {value.GetRawText()}";
            }

            if (parameter.Allowed.Count > 0 && !parameter.Allowed.Contains(text))
            {
                return $"invalid_input: parameter `{parameter.Name}` of `{tool.Name}` must be one of {string.Join(", ", parameter.Allowed)}, got '{text}'";
            }

            if (task.Inputs.TryGetValue(parameter.Name, out var expected) && text != expected)
            {
                return $"invalid_input: parameter `{parameter.Name}` of `{tool.Name}` is '{text}', but the task gives '{expected}'";
            }
        }

        return null;
    }

    private static ToolCallRecord Fail(string tool, CallOutcome outcome, string error) =>
        new(tool, outcome, new JsonObject { ["status"] = "error", ["error"] = error }.ToJsonString(), error);
}
