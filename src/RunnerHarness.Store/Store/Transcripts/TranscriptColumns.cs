namespace RunnerHarness.Store.Transcripts;

/// <summary>
/// The columns of a transcript file, the same in both formats (one row per message): what the DuckDB join in
/// <c>docs/transcripts.md</c> reads. <see cref="ToolCalls"/> holds the OpenAI <c>tool_calls</c> array as JSON text in both
/// formats, so one query reads either.
/// </summary>
internal static class TranscriptColumns
{
    /// <summary>The record the message belongs to (joins <c>record_id</c> of the records).</summary>
    public const string RecordId = "record_id";

    /// <summary>The message's position in its record's transcript, from 0.</summary>
    public const string Sequence = "seq";

    /// <summary><c>model</c>, <c>judge</c>, <c>test</c> or <c>truncation</c>.</summary>
    public const string Kind = "kind";

    /// <summary><c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</summary>
    public const string Role = "role";

    /// <summary>The model the message was exchanged with.</summary>
    public const string Model = "model";

    /// <summary>The message text.</summary>
    public const string Content = "content";

    /// <summary>An assistant message's tool calls: JSON text of <c>[{"id","type":"function","function":{"name","arguments"}}]</c>.</summary>
    public const string ToolCalls = "tool_calls";

    /// <summary>A tool message's answered call id.</summary>
    public const string ToolCallId = "tool_call_id";

    /// <summary>Whether the cap cut the message's content short.</summary>
    public const string Truncated = "truncated";
}
