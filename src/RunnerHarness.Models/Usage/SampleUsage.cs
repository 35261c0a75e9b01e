using System.Globalization;

namespace RunnerHarness.Models.Usage;

/// <summary>
/// What one sample's model calls cost and met: calls, HTTP requests, retries, cache hits, tokens and time, and the
/// infrastructure failure that ended a call, if any. The pipeline adds to the usage of <see cref="SampleScope.Usage"/>;
/// the recording framework copies it into the sample's record (<see cref="Metrics"/> names the metrics). Thread-safe.
/// </summary>
public sealed class SampleUsage
{
    /// <summary>The metric: model calls the test made (<c>GetResponseAsync</c> and streaming calls), cache hits included.</summary>
    public const string CallsMetric = "model_calls";

    /// <summary>The metric: HTTP requests sent to providers, retries included, cache hits excluded.</summary>
    public const string RequestsMetric = "model_requests";

    /// <summary>The metric: requests that were retries of a failed attempt (429, 5xx, timeout, connection failure).</summary>
    public const string RetriesMetric = "model_retries";

    /// <summary>The metric: calls answered from the response cache.</summary>
    public const string CacheHitsMetric = "model_cache_hits";

    /// <summary>
    /// The metric: 1 on the record of a test that is not a model-batch row (a plain theory) whose every model call was
    /// answered from the response cache. Such a record replays an earlier run's answers rather than sampling the model
    /// again, so the cumulative view does not count it as a model result (docs/models.md, "Plain theories").
    /// </summary>
    public const string ReplayedMetric = "model_replayed";

    /// <summary>The metric: milliseconds the sample spent in model calls, from call to answer (waits for limits and retries included).</summary>
    public const string LatencyMetric = "model_latency_ms";

    /// <summary>
    /// The metric: the mean, over the sample's streamed calls the provider answered (not the cache), of the milliseconds
    /// from sending the request that answered to the first update carrying content. Absent when there was none.
    /// </summary>
    public const string TimeToFirstTokenMetric = "model_time_to_first_token_ms";

    /// <summary>
    /// The metric: output tokens per second of the sample's streamed calls that ran to their end: their output tokens
    /// over their time from the first content to the last update (summed over the calls). Absent when none reported tokens over a measurable time.
    /// </summary>
    public const string OutputTokensPerSecondMetric = "model_output_tokens_per_second";

    /// <summary>
    /// The dimension naming every model a sample called, in the order of their first calls, joined by ',' (e.g.
    /// <c>gpt-4o-mini,gpt-4o</c>), on the record of a sample that called more than one model (docs/models.md, "Plain theories").
    /// </summary>
    public const string ModelsCalledDimension = "models_called";

    private readonly Lock _gate = new();
    private long _calls;
    private long _requests;
    private long _retries;
    private long _cacheHits;
    private long? _inputTokens;
    private long? _outputTokens;
    private double _latencyMs;
    private int _streams;
    private double _timeToFirstTokenMs;
    private long _streamedOutputTokens;
    private double _generationSeconds;
    private double? _costUsd;
    private bool _costUnknown;
    private (string Category, string Message)? _infrastructureFailure;
    private Dictionary<string, int>? _occurrences;
    private Dictionary<string, (string Provider, string ModelId, string? ResponseModel)>? _models;
    private List<string>? _modelOrder;
    private Dictionary<string, IReadOnlyDictionary<string, string>>? _callSettings;

    /// <summary>Model calls made.</summary>
    public long Calls { get { lock (_gate) { return _calls; } } }

    /// <summary>HTTP requests sent.</summary>
    public long Requests { get { lock (_gate) { return _requests; } } }

    /// <summary>Retries sent.</summary>
    public long Retries { get { lock (_gate) { return _retries; } } }

    /// <summary>Calls served from the cache.</summary>
    public long CacheHits { get { lock (_gate) { return _cacheHits; } } }

    /// <summary>Input tokens the answers reported, or <see langword="null"/> when none reported any.</summary>
    public long? InputTokens { get { lock (_gate) { return _inputTokens; } } }

    /// <summary>Output tokens the answers reported, or <see langword="null"/> when none reported any.</summary>
    public long? OutputTokens { get { lock (_gate) { return _outputTokens; } } }

    /// <summary>
    /// What this run paid for the sample's calls, in US dollars: the sum of <see cref="AddCost"/>; <see langword="null"/>
    /// when no call was priced, or when an answer of a priced model reported no tokens (its cost is unknown, and a partial
    /// sum would understate it).
    /// </summary>
    public double? CostUsd { get { lock (_gate) { return _costUnknown ? null : _costUsd; } } }

    /// <summary>Milliseconds spent in model calls.</summary>
    public double LatencyMilliseconds { get { lock (_gate) { return _latencyMs; } } }

    /// <summary>The first infrastructure failure that ended a call (category and message), or <see langword="null"/>.</summary>
    public (string Category, string Message)? InfrastructureFailure { get { lock (_gate) { return _infrastructureFailure; } } }

    /// <summary>The metrics to record, by the names above (<see cref="CallsMetric"/>, ...); empty when no call was made.</summary>
    public IReadOnlyDictionary<string, double> Metrics
    {
        get
        {
            lock (_gate)
            {
                if (_calls == 0)
                {
                    return new Dictionary<string, double>(StringComparer.Ordinal);
                }

                var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
                {
                    [CallsMetric] = _calls,
                    [RequestsMetric] = _requests,
                    [RetriesMetric] = _retries,
                    [CacheHitsMetric] = _cacheHits,
                    [LatencyMetric] = Math.Round(_latencyMs, 3),
                };
                if (_streams > 0)
                {
                    metrics[TimeToFirstTokenMetric] = Math.Round(_timeToFirstTokenMs / _streams, 3);
                }

                if (_streamedOutputTokens > 0 && _generationSeconds > 0)
                {
                    metrics[OutputTokensPerSecondMetric] = Math.Round(_streamedOutputTokens / _generationSeconds, 3);
                }

                return metrics;
            }
        }
    }

    /// <summary>Counts one finished call: its time, whether the cache served it, and the tokens it reported.</summary>
    public void AddCall(TimeSpan latency, bool fromCache, long? inputTokens, long? outputTokens)
    {
        lock (_gate)
        {
            _calls++;
            _latencyMs += latency.TotalMilliseconds;
            _cacheHits += fromCache ? 1 : 0;
            if (inputTokens is { } input)
            {
                _inputTokens = (_inputTokens ?? 0) + input;
            }

            if (outputTokens is { } output)
            {
                _outputTokens = (_outputTokens ?? 0) + output;
            }
        }
    }

    /// <summary>Adds what one call cost this run, in US dollars (0 for an answer replayed from the response cache).</summary>
    public void AddCost(double costUsd)
    {
        if (!double.IsFinite(costUsd) || costUsd < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(costUsd), costUsd, "A cost is a finite number of US dollars, 0 or more.");
        }

        lock (_gate)
        {
            _costUsd = (_costUsd ?? 0) + costUsd;
        }
    }

    /// <summary>Notes that a call of a priced model reported no token usage, so the sample's cost cannot be known.</summary>
    public void MarkCostUnknown()
    {
        lock (_gate)
        {
            _costUnknown = true;
        }
    }

    /// <summary>
    /// Notes that a call of the model <paramref name="model"/> (the name the test asked <see cref="ModelClients"/> for) went
    /// to <paramref name="provider"/> asking for <paramref name="modelId"/> and (when <paramref name="responseModel"/> is
    /// not null) that the answer named <paramref name="responseModel"/>. The first provider, id and answering model noted
    /// per model are kept, and the order in which the models were first called.
    /// </summary>
    public void NoteModel(string model, string provider, string modelId, string? responseModel)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        lock (_gate)
        {
            _models ??= new Dictionary<string, (string, string, string?)>(StringComparer.Ordinal);
            _modelOrder ??= [];
            if (!_models.TryGetValue(model, out var noted))
            {
                noted = (provider, modelId, null);
                _modelOrder.Add(model);
            }

            _models[model] = noted with { ResponseModel = noted.ResponseModel ?? (string.IsNullOrWhiteSpace(responseModel) ? null : responseModel) };
        }
    }

    /// <summary>The models the sample called, by the names the test asked for, in the order of their first calls.</summary>
    public IReadOnlyList<string> ModelsCalled
    {
        get
        {
            lock (_gate)
            {
                return [.. _modelOrder ?? []];
            }
        }
    }

    /// <summary>
    /// Notes what besides the model decides the answers of <paramref name="model"/>'s calls (<see cref="CallSettings"/>):
    /// the provider's kind and the sampling options the first call of that model set.
    /// </summary>
    internal void NoteCallSettings(string model, IReadOnlyDictionary<string, string> settings)
    {
        lock (_gate)
        {
            _callSettings ??= new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
            _callSettings.TryAdd(model, settings);
        }
    }

    /// <summary>
    /// The provider kind and sampling options of the first call of <paramref name="model"/>, as the record's dimensions
    /// name them (<c>provider_kind</c>, <c>temperature</c>, <c>top_p</c>, <c>max_output_tokens</c>, <c>seed</c>; only those
    /// set), or an empty map when the sample made no call of that model.
    /// </summary>
    public IReadOnlyDictionary<string, string> CallSettingsOf(string? model)
    {
        lock (_gate)
        {
            return model is not null && _callSettings?.TryGetValue(model, out var settings) == true
                ? settings
                : new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// The model id calls of <paramref name="model"/> asked for and the model the first answer named (null when none
    /// named one), or <see langword="null"/> when the sample made no call of that model.
    /// </summary>
    public (string ModelId, string? ResponseModel)? ModelOf(string? model)
    {
        lock (_gate)
        {
            return model is not null && _models?.TryGetValue(model, out var noted) == true ? (noted.ModelId, noted.ResponseModel) : null;
        }
    }

    /// <summary>The provider calls of <paramref name="model"/> went to (the models file's), or <see langword="null"/> when the sample made no call of that model.</summary>
    public string? ProviderOf(string? model)
    {
        lock (_gate)
        {
            return model is not null && _models?.TryGetValue(model, out var noted) == true ? noted.Provider : null;
        }
    }

    /// <summary>Counts one call that failed after <paramref name="latency"/>.</summary>
    public void AddFailedCall(TimeSpan latency)
    {
        lock (_gate)
        {
            _calls++;
            _latencyMs += latency.TotalMilliseconds;
        }
    }

    /// <summary>
    /// Counts the timing of one streamed answer: <paramref name="timeToFirstToken"/> from its request to its first content,
    /// and, for a stream read to its end, its <paramref name="generation"/> time (first content to last update) and <paramref name="outputTokens"/>.
    /// </summary>
    public void AddStream(TimeSpan timeToFirstToken, TimeSpan? generation, long? outputTokens)
    {
        lock (_gate)
        {
            _streams++;
            _timeToFirstTokenMs += timeToFirstToken.TotalMilliseconds;
            if (generation is { Ticks: > 0 } took && outputTokens is { } output)
            {
                _generationSeconds += took.TotalSeconds;
                _streamedOutputTokens += output;
            }
        }
    }

    /// <summary>Counts one HTTP request; <paramref name="isRetry"/> when it repeats a failed attempt.</summary>
    public void AddRequest(bool isRetry)
    {
        lock (_gate)
        {
            _requests++;
            _retries += isRetry ? 1 : 0;
        }
    }

    /// <summary>Marks the sample as ended by an infrastructure failure; the first one is kept.</summary>
    public void MarkInfrastructureFailure(string category, string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            _infrastructureFailure ??= (category, message);
        }
    }

    /// <summary>How many calls with the request hash <paramref name="requestHash"/> this sample made before this one.</summary>
    internal int NextOccurrence(string requestHash)
    {
        lock (_gate)
        {
            _occurrences ??= new Dictionary<string, int>(StringComparer.Ordinal);
            var seen = _occurrences.GetValueOrDefault(requestHash);
            _occurrences[requestHash] = seen + 1;
            return seen;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Calls} calls, {Requests} requests, {Retries} retries, {CacheHits} cache hits, {InputTokens ?? 0}+{OutputTokens ?? 0} tokens, {LatencyMilliseconds:F0} ms");
}
