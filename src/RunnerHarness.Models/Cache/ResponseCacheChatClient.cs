using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Models.Transcripts;
using RunnerHarness.Schema;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Models.Cache;

/// <summary>
/// The response cache as a layer: a call whose key (<see cref="ResponseCache.KeyFor"/>) has an entry is answered from
/// it without a request (a streamed call gets the entry replayed as updates); otherwise the call goes on to the inner
/// client and, in <see cref="ResponseCacheMode.ReadWrite"/>, its answer is stored, a streamed one only once it was read
/// to its end (never a partial answer). In <see cref="ResponseCacheMode.Offline"/> a miss fails with
/// <see cref="ResponseCacheMissException"/> and no request, except for a judge's call (<see cref="TranscriptScope"/>), which is asked
/// and stored so a study is re-scored by a new judge without calling the models it tested. A cached answer (and each replayed update) carries
/// <see cref="CacheHitProperty"/> in its additional properties.
/// </summary>
internal sealed class ResponseCacheChatClient(IChatClient inner, ResponseCache cache, ProviderDefinition provider, ModelDefinition model, TimeProvider time)
    : DelegatingChatClient(inner)
{
    /// <summary>The additional property (value <see langword="true"/>) that marks an answer served from the cache.</summary>
    public const string CacheHitProperty = "runner_harness_cache_hit";

    /// <summary>Whether <paramref name="properties"/> mark an answer served from the cache.</summary>
    public static bool IsCacheHit(AdditionalPropertiesDictionary? properties) => properties?.ContainsKey(CacheHitProperty) == true;

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var key = KeyOf(list, options);
        if (cache.TryRead(key) is { } cached)
        {
            (cached.AdditionalProperties ??= [])[CacheHitProperty] = true;
            return cached;
        }

        ThrowIfOffline();
        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        Store(key, response);
        return response;
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var key = KeyOf(list, options);
        if (cache.TryRead(key) is { } cached)
        {
            foreach (var update in cached.ToChatResponseUpdates())
            {
                (update.AdditionalProperties ??= [])[CacheHitProperty] = true;
                yield return update;
            }

            yield break;
        }

        ThrowIfOffline();
        List<ChatResponseUpdate> received = [];
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            received.Add(update);
            yield return update;
        }

        // Reached only when the stream ran to its end: an abandoned or broken stream leaves nothing behind.
        Store(key, received.ToChatResponse());
    }

    private string KeyOf(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var sample = SampleScope.Current;
        var requestHash = ResponseCache.KeyFor(provider, model, messages, options, sample, 0);
        return ResponseCache.KeyFor(provider, model, messages, options, sample, SampleScope.Usage?.NextOccurrence(requestHash) ?? 0);
    }

    // Offline holds the models under test to the cache; a judge's calls (TranscriptScope judge) that miss are asked and
    // stored, so a finished study is re-scored by a new judge with no call to the models it tested (docs/judges.md).
    private static bool IsJudgeCall => TranscriptScope.Kind == TranscriptKinds.Judge;

    private void ThrowIfOffline()
    {
        if (cache.Mode != ResponseCacheMode.Offline || IsJudgeCall)
        {
            return;
        }

        var sample = SampleScope.Current;
        var message = $"RunnerHarness: the response cache is offline (RUNNER_HARNESS_MODEL_CACHE=offline) and has no answer for this call of the model '{model.Name}' " +
            $"(provider '{provider.Name}', model id '{model.ModelId}'), sample {sample?.ToString() ?? "(none)"}; cache directory {cache.Directory}. " +
            "No request was sent. Fill the cache with a read-write run, or set RUNNER_HARNESS_MODEL_CACHE to read-write or off.";
        SampleScope.Usage?.MarkInfrastructureFailure(ErrorCategory.HarnessError, message);
        throw new ResponseCacheMissException(message);
    }

    private void Store(string key, ChatResponse response)
    {
        if (cache.Mode == ResponseCacheMode.ReadWrite || (cache.Mode == ResponseCacheMode.Offline && IsJudgeCall))
        {
            cache.Write(key, response, provider.Name, model, SampleScope.Current, time.GetUtcNow());
        }
    }
}
