namespace WorkflowBench.Agent;

/// <summary>How a workflow run ended.</summary>
internal enum AgentEnding
{
    /// <summary>The model answered in text without a tool call: it considers the workflow done, or gives up.</summary>
    Answered,

    /// <summary>The model used every turn without a final answer.</summary>
    MaxTurns,

    /// <summary>The run took longer than its time limit.</summary>
    Timeout,
}
