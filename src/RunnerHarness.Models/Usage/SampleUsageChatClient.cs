using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Configuration;

namespace RunnerHarness.Models.Usage;

/// <summary>
/// The outermost layer of a model's client: counts every call, whole or streamed, into the running sample's usage
/// (<see cref="SampleScope.Usage"/>): its time from call to answer (to the end of a stream), whether the cache served
/// it, and the tokens its answer reported. A call that fails is counted as failed; a stream the caller abandons is
/// counted with what it delivered. Requests, retries and stream timings are counted further in, where they happen. It
/// also notes the model's provenance for the sample: the id asked for when a call starts, and the model the answer
/// names (cached or not) when it ends.
/// </summary>
internal sealed class SampleUsageChatClient(IChatClient inner, ModelDefinition model, TimeProvider time) : DelegatingChatClient(inner)
{
    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var usage = SampleScope.Usage;
        var started = time.GetTimestamp();
        usage?.NoteModel(model.Name, model.ModelId, responseModel: null);
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            usage?.AddFailedCall(time.GetElapsedTime(started));
            throw;
        }

        usage?.AddCall(
            time.GetElapsedTime(started), ResponseCacheChatClient.IsCacheHit(response.AdditionalProperties), response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount);
        usage?.NoteModel(model.Name, model.ModelId, response.ModelId);
        return response;
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var usage = SampleScope.Usage;
        var started = time.GetTimestamp();
        usage?.NoteModel(model.Name, model.ModelId, responseModel: null);
        var fromCache = false;
        string? responseModel = null;
        long? input = null;
        long? output = null;
        var failed = false;
        var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (updates.ConfigureAwait(false))
        {
            try
            {
                while (true)
                {
                    try
                    {
                        if (!await updates.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                    catch
                    {
                        failed = true;
                        throw;
                    }

                    var update = updates.Current;
                    fromCache |= ResponseCacheChatClient.IsCacheHit(update.AdditionalProperties);
                    responseModel ??= update.ModelId;
                    foreach (var reported in update.Contents.OfType<UsageContent>())
                    {
                        input = Add(input, reported.Details.InputTokenCount);
                        output = Add(output, reported.Details.OutputTokenCount);
                    }

                    yield return update;
                }
            }
            finally
            {
                if (failed)
                {
                    usage?.AddFailedCall(time.GetElapsedTime(started));
                }
                else
                {
                    usage?.AddCall(time.GetElapsedTime(started), fromCache, input, output);
                    usage?.NoteModel(model.Name, model.ModelId, responseModel);
                }
            }
        }
    }

    private static long? Add(long? total, long? value) => value is { } v ? (total ?? 0) + v : total;
}
