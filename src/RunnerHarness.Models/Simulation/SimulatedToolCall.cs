namespace RunnerHarness.Models.Simulation;

/// <summary>A tool call found in the conversation, with what its result said.</summary>
/// <param name="Name">The tool called.</param>
/// <param name="Succeeded">Whether the result reported success; <see langword="null"/> while no result came back.</param>
/// <param name="Error">The result's error text, when it failed.</param>
internal sealed record SimulatedToolCall(string Name, bool? Succeeded, string? Error);
