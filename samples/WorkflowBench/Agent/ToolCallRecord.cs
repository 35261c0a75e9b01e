namespace WorkflowBench.Agent;

/// <summary>One tool call of a workflow run: the tool, what became of it, and the JSON result the model was shown.</summary>
internal sealed record ToolCallRecord(string Tool, CallOutcome Outcome, string Result, string? Error);
