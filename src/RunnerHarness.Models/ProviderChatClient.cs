using Microsoft.Extensions.AI;
using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Models.Pipeline;
using RunnerHarness.Models.Pricing;
using RunnerHarness.Schema;

namespace RunnerHarness.Models;

/// <summary>
/// The chat client of one model as <see cref="ModelClients.Get"/> hands it out: the response cache first, then the
/// provider's <see cref="ProviderPipeline"/> (limits, key pool, retries), and the sample's usage
/// (<see cref="SampleScope.Usage"/>) counted on the way. Streaming calls are answered whole and replayed as updates, so
/// they are cached, limited and retried exactly like the rest. Thread-safe.
/// </summary>
internal sealed class ProviderChatClient : WholeResponseChatClient
{
    private readonly ModelDefinition _model;
    private readonly ProviderPipeline _pipeline;
    private readonly Func<int, IChatClient> _clientForSlot;
    private readonly ResponseCache? _cache;
    private readonly TimeProvider _time;

    // The SDK clients and the pipeline belong to the ModelRuntime, which disposes them.
    public ProviderChatClient(ModelDefinition model, ProviderPipeline pipeline, Func<int, IChatClient> clientForSlot, ResponseCache? cache, TimeProvider time)
        : base(new ChatClientMetadata(
            pipeline.Provider.Name, pipeline.Provider.Kind == ProviderKind.Simulated ? null : OpenAIChatClients.EndpointOf(pipeline.Provider), model.ModelId))
    {
        _model = model;
        _pipeline = pipeline;
        _clientForSlot = clientForSlot;
        _cache = cache;
        _time = time;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var usage = SampleScope.Usage;
        var sample = SampleScope.Current;
        var started = _time.GetTimestamp();
        usage?.NoteModel(_model.Name, _model.ModelId, responseModel: null);
        string? key = null;
        if (_cache is not null)
        {
            var requestHash = ResponseCache.KeyFor(_pipeline.Provider, _model, list, options, sample, 0);
            key = ResponseCache.KeyFor(_pipeline.Provider, _model, list, options, sample, usage?.NextOccurrence(requestHash) ?? 0);
            if (_cache.TryRead(key) is { } cached)
            {
                usage?.AddCall(_time.GetElapsedTime(started), fromCache: true, cached.Usage?.InputTokenCount, cached.Usage?.OutputTokenCount);
                usage?.NoteModel(_model.Name, _model.ModelId, cached.ModelId);
                CallCost.AddReplayed(_model, usage);
                return cached;
            }

            if (_cache.Mode == ResponseCacheMode.Offline)
            {
                var message = $"RunnerHarness: the response cache is offline (RUNNER_HARNESS_MODEL_CACHE=offline) and has no answer for this call of the model '{_model.Name}' " +
                    $"(provider '{_pipeline.Provider.Name}', model id '{_model.ModelId}'), sample {sample?.ToString() ?? "(none)"}; cache directory {_cache.Directory}. " +
                    "No request was sent. Fill the cache with a read-write run, or set RUNNER_HARNESS_MODEL_CACHE to read-write or off.";
                usage?.MarkInfrastructureFailure(ErrorCategory.HarnessError, message);
                usage?.AddFailedCall(_time.GetElapsedTime(started));
                throw new ResponseCacheMissException(message);
            }
        }

        ChatResponse response;
        try
        {
            response = await _pipeline.SendAsync(_model, _clientForSlot, list, options, usage, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            usage?.AddFailedCall(_time.GetElapsedTime(started));
            throw;
        }

        if (key is not null && _cache!.Mode == ResponseCacheMode.ReadWrite)
        {
            _cache.Write(key, response, _pipeline.Provider.Name, _model, sample, _time.GetUtcNow());
        }

        usage?.AddCall(_time.GetElapsedTime(started), fromCache: false, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount);
        usage?.NoteModel(_model.Name, _model.ModelId, response.ModelId);
        CallCost.AddAnswered(_model, response.Usage, usage);
        return response;
    }
}
