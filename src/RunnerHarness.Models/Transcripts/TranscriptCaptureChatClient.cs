using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Models.Transcripts;

/// <summary>
/// The layer of a model's client that keeps the conversation: every call, whole or streamed, adds its request messages
/// (those not already kept: an agent loop resends its history) and the answer's messages to the running sample's
/// transcript (<see cref="SampleScope.Transcript"/>), as the caller saw them (cached answers included), of the kind
/// <see cref="TranscriptScope.Kind"/> says. A call that fails keeps its request. Outside a sample it only passes calls on.
/// </summary>
/// <param name="inner">The layer below.</param>
/// <param name="model">The model name calls are kept under (the name the test passed to <c>ModelClients.Get</c>).</param>
internal sealed class TranscriptCaptureChatClient(IChatClient inner, string model) : DelegatingChatClient(inner)
{
    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var transcript = SampleScope.Transcript;
        var request = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var kind = TranscriptScope.Kind;
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(request, options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            transcript?.AddExchange(ChatTranscriptMessages.Of(request, kind, model), []);
            throw;
        }

        transcript?.AddExchange(ChatTranscriptMessages.Of(request, kind, model), ChatTranscriptMessages.Of(response.Messages, kind, model));
        return response;
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var transcript = SampleScope.Transcript;
        var request = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var kind = TranscriptScope.Kind;
        var updates = new List<ChatResponseUpdate>();
        try
        {
            await foreach (var update in base.GetStreamingResponseAsync(request, options, cancellationToken).ConfigureAwait(false))
            {
                updates.Add(update);
                yield return update;
            }
        }
        finally
        {
            // What the caller received, whole or cut short by an abandoned or failed stream, is what the transcript keeps.
            transcript?.AddExchange(ChatTranscriptMessages.Of(request, kind, model), ChatTranscriptMessages.Of(updates.ToChatResponse().Messages, kind, model));
        }
    }
}
