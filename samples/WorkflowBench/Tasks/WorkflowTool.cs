using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace WorkflowBench.Tasks;

/// <summary>
/// A tool of a workflow: its parameters (all required), the handle it returns on success (e.g. <c>dataset_id</c>) and
/// the handle of an earlier step it consumes, if any. A step may run only after the step whose handle it consumes.
/// </summary>
internal sealed record WorkflowTool(string Name, string Description, IReadOnlyList<ToolParameter> Parameters, string Produces, string? Consumes = null)
{
    /// <summary>The declaration offered to the model: name, description and JSON schema, not invocable (the agent loop runs calls itself).</summary>
    public AIFunctionDeclaration Declaration()
    {
        var properties = new JsonObject();
        foreach (var parameter in AllParameters)
        {
            var schema = new JsonObject { ["type"] = parameter.Type, ["description"] = parameter.Description };
            if (parameter.Allowed.Count > 0)
            {
                schema["enum"] = new JsonArray([.. parameter.Allowed.Select(a => JsonValue.Create(a))]);
            }

            properties[parameter.Name] = schema;
        }

        var root = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray([.. AllParameters.Select(p => JsonValue.Create(p.Name))]),
        };
        return AIFunctionFactory.CreateDeclaration(Name, Description, System.Text.Json.JsonSerializer.SerializeToElement(root));
    }

    /// <summary>The consumed handle (first) and the other parameters.</summary>
    public IEnumerable<ToolParameter> AllParameters => Consumes is null
        ? Parameters
        : [ToolParameter.Text(Consumes, $"The {Consumes} returned by the previous step."), .. Parameters];
}
