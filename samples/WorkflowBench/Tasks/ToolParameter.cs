namespace WorkflowBench.Tasks;

/// <summary>One parameter of a workflow tool, as its JSON schema shows it to the model.</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Type">The JSON schema type: <c>string</c> or <c>integer</c>.</param>
/// <param name="Description">What the model is told about it.</param>
/// <param name="Allowed">The values an enum parameter accepts, or empty.</param>
internal sealed record ToolParameter(string Name, string Type, string Description, IReadOnlyList<string> Allowed)
{
    public static ToolParameter Text(string name, string description) => new(name, "string", description, []);

    public static ToolParameter Number(string name, string description) => new(name, "integer", description, []);

    public static ToolParameter OneOf(string name, string description, params string[] allowed) => new(name, "string", description, allowed);
}
