using System.Text;

namespace RunnerHarness.Transcripts;

/// <summary>
/// One message of a sample's transcript, in the OpenAI chat message shape (<see cref="Role"/>, <see cref="Content"/>,
/// <see cref="ToolCalls"/>, <see cref="ToolCallId"/>) plus where it came from (<see cref="Kind"/>), the model it was
/// exchanged with and whether the cap cut its content short (<see cref="Truncated"/>).
/// </summary>
public sealed record TranscriptMessage
{
    /// <summary><c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c> (<see cref="TranscriptRoles"/>).</summary>
    public required string Role { get; init; }

    /// <summary>Where the message came from (<see cref="TranscriptKinds"/>); default <c>model</c>.</summary>
    public string Kind { get; init; } = TranscriptKinds.Model;

    /// <summary>The text, or <see langword="null"/> for an assistant message of tool calls only.</summary>
    public string? Content { get; init; }

    /// <summary>The tool calls of an assistant message, in order; empty for other messages.</summary>
    public IReadOnlyList<TranscriptToolCall> ToolCalls { get; init; } = [];

    /// <summary>On a <c>tool</c> message: the id of the call it answers.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>The model the message was exchanged with (the name the test passed to <c>ModelClients.Get</c>), when known.</summary>
    public string? Model { get; init; }

    /// <summary>Whether the per-sample cap cut this message's content short (the transcript then ends with a <c>truncation</c> marker).</summary>
    public bool Truncated { get; init; }

    /// <summary>Whether <paramref name="other"/> is the same message: every field equal, tool calls in the same order.</summary>
    public bool Equals(TranscriptMessage? other) =>
        other is not null
        && Role == other.Role && Kind == other.Kind && Content == other.Content && ToolCallId == other.ToolCallId
        && Model == other.Model && Truncated == other.Truncated && ToolCalls.SequenceEqual(other.ToolCalls);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Role, Kind, Content, ToolCallId, Model, Truncated, ToolCalls.Count);

    /// <summary>What the message counts against the cap: the UTF-8 bytes of its content, tool call ids, names and arguments, and tool call id.</summary>
    public long Size => Bytes(Content) + Bytes(ToolCallId) + ToolCalls.Sum(c => (long)Bytes(c.Id) + Bytes(c.Name) + Bytes(c.Arguments));

    private static int Bytes(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);
}
