using Microsoft.Extensions.AI;
using RunnerHarness.Models.Transcripts;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Xunit;

/// <summary>The sample's transcript: kept by the model clients without test code, and open to what the test attaches.</summary>
public sealed partial class ModelTestContext
{
    /// <summary>
    /// The transcript stored beside the test's record (<c>transcripts/</c> in the store, <c>runner-harness show</c>): every
    /// model call through <c>ModelClients</c> adds its conversation, and the test may add its own. At most
    /// <see cref="SampleTranscript.DefaultMaxBytes"/> of message text; past it, cut with an explicit <c>truncation</c> marker.
    /// </summary>
    internal SampleTranscript Transcript { get; } = new();

    /// <summary>The sample's transcript so far, in order (ending with the <c>truncation</c> marker when the cap cut it).</summary>
    public IReadOnlyList<TranscriptMessage> TranscriptMessages => Transcript.Messages;

    /// <summary>Adds a message of <paramref name="role"/> (<see cref="TranscriptRoles"/>) with <paramref name="content"/> to the sample's transcript, of kind <c>test</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="role"/> is not <c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</exception>
    public void AddToTranscript(string role, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (role is not (TranscriptRoles.System or TranscriptRoles.User or TranscriptRoles.Assistant or TranscriptRoles.Tool))
        {
            throw new ArgumentException($"'{role}' is not a transcript role; use system, user, assistant or tool.", nameof(role));
        }

        Transcript.Add(new TranscriptMessage { Role = role, Kind = TranscriptKinds.Test, Content = content });
    }

    /// <summary>
    /// Adds <paramref name="messages"/> (e.g. a conversation the test held with a client that does not come from
    /// <c>ModelClients</c>) to the sample's transcript, of kind <c>test</c>: text, tool calls with their ids and
    /// arguments, and tool results with the ids of the calls they answer.
    /// </summary>
    public void AddToTranscript(IEnumerable<ChatMessage> messages)
    {
        foreach (var message in ChatTranscriptMessages.Of(messages, TranscriptKinds.Test, model: null))
        {
            Transcript.Add(message);
        }
    }

    /// <summary>Adds <paramref name="message"/> to the sample's transcript as it is.</summary>
    public void AddToTranscript(TranscriptMessage message) => Transcript.Add(message);
}
