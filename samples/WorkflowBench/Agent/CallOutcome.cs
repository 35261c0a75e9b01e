namespace WorkflowBench.Agent;

/// <summary>What became of one tool call.</summary>
internal enum CallOutcome
{
    /// <summary>A required step ran for the first time and succeeded.</summary>
    Completed,

    /// <summary>A required step that had already succeeded ran again (a redundant operation).</summary>
    Repeated,

    /// <summary>An offered tool that the workflow does not need ran (a wrong tool selection).</summary>
    Distractor,

    /// <summary>The model called a tool that was not offered.</summary>
    UnknownTool,

    /// <summary>A required parameter was missing, of the wrong type, not allowed, or not the task's value.</summary>
    InvalidParameters,

    /// <summary>The step ran before the step whose output it needs (a sequence error).</summary>
    OutOfOrder,

    /// <summary>The step was passed an id that its prerequisite step never returned (a dependency error).</summary>
    BrokenDependency,

    /// <summary>The tool failed at the configured tool failure rate; not the model's fault, a retry may succeed.</summary>
    TransientFailure,
}
