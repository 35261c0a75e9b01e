namespace RunnerHarness.Models.Simulation;

/// <summary>What a simulated model does on its turn: call a tool, or answer in text.</summary>
/// <param name="ToolName">The tool to call, or <see langword="null"/> for a text answer.</param>
/// <param name="Arguments">The call's arguments.</param>
/// <param name="Text">The text answer (a final answer, or a tool call written as text instead of made).</param>
internal sealed record SimulatedMove(string? ToolName, IDictionary<string, object?>? Arguments, string? Text)
{
    public static SimulatedMove Call(string tool, IDictionary<string, object?> arguments) => new(tool, arguments, null);

    public static SimulatedMove Answer(string text) => new(null, null, text);
}
