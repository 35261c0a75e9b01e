namespace WorkflowBench.Agent;

/// <summary>What happened in one workflow run: turns, tool calls, malformed tool calls, tokens, and how it ended.</summary>
internal sealed record WorkflowTranscript(
    int Turns,
    IReadOnlyList<ToolCallRecord> Calls,
    int FormatErrors,
    long InputTokens,
    long OutputTokens,
    AgentEnding Ending,
    string? FinalAnswer);
