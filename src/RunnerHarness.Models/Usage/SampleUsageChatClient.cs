using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Models.Pricing;

namespace RunnerHarness.Models.Usage;

/// <summary>
/// The outermost layer of a model's client: counts every call, whole or streamed, into the running sample's usage
/// (<see cref="SampleScope.Usage"/>): its time from call to answer (to the end of a stream), whether the cache served
/// it, and the tokens its answer reported. A call that fails is counted as failed; a stream the caller abandons is
/// counted with what it delivered. Requests, retries and stream timings are counted further in, where they happen. It
/// also notes the model's provenance for the sample (the id asked for when a call starts, the model the answer names,
/// cached or not, when it ends; the provider kind and sampling options, <see cref="CallSettings"/>) and prices the answer by the cost rule (<see cref="CallCost"/>).
/// </summary>
internal sealed class SampleUsageChatClient(IChatClient inner, ModelDefinition model, ProviderKind providerKind, TimeProvider time) : DelegatingChatClient(inner)
{
    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var usage = SampleScope.Usage;
        var started = time.GetTimestamp();
        usage?.NoteModel(model.Name, model.Provider, model.ModelId, responseModel: null);
        usage?.NoteCallSettings(model.Name, CallSettings.Of(ProviderKinds.NameOf(providerKind), options));
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

        var fromCache = ResponseCacheChatClient.IsCacheHit(response.AdditionalProperties);
        usage?.AddCall(time.GetElapsedTime(started), fromCache, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount);
        usage?.NoteModel(model.Name, model.Provider, model.ModelId, response.ModelId);
        Price(fromCache, response.Usage, usage);
        return response;
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var usage = SampleScope.Usage;
        var started = time.GetTimestamp();
        usage?.NoteModel(model.Name, model.Provider, model.ModelId, responseModel: null);
        usage?.NoteCallSettings(model.Name, CallSettings.Of(ProviderKinds.NameOf(providerKind), options));
        var fromCache = false;
        string? responseModel = null;
        UsageDetails? reported = null;
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
                    foreach (var content in update.Contents.OfType<UsageContent>())
                    {
                        reported ??= new UsageDetails();
                        reported.Add(content.Details);
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
                    usage?.AddCall(time.GetElapsedTime(started), fromCache, reported?.InputTokenCount, reported?.OutputTokenCount);
                    usage?.NoteModel(model.Name, model.Provider, model.ModelId, responseModel);
                    Price(fromCache, reported, usage);
                }
            }
        }
    }

    private void Price(bool fromCache, UsageDetails? reported, SampleUsage? usage)
    {
        if (fromCache)
        {
            CallCost.AddReplayed(model, usage);
        }
        else
        {
            CallCost.AddAnswered(model, reported, usage);
        }
    }
}
