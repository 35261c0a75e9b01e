namespace RunnerHarness.Transcripts;

/// <summary>The roles of transcript messages: those of the OpenAI chat message shape.</summary>
public static class TranscriptRoles
{
    /// <summary>Instructions to the model.</summary>
    public const string System = "system";

    /// <summary>What the user (the test) said.</summary>
    public const string User = "user";

    /// <summary>What the model answered: text, tool calls or both.</summary>
    public const string Assistant = "assistant";

    /// <summary>A tool's result, answering one tool call by its id.</summary>
    public const string Tool = "tool";
}
