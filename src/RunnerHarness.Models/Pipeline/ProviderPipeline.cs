using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Polly;
using Polly.Retry;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Models.Limits;
using RunnerHarness.Models.Usage;
using RunnerHarness.Schema;
using RunnerHarness.Settings;

namespace RunnerHarness.Models.Pipeline;

/// <summary>
/// Everything between a model call and one provider, shared by every model of that provider in the process: a key
/// from the <see cref="KeyPool"/>, a permit of the adaptive concurrency limit (never above the provider's
/// <see cref="ProviderLimit.MaxConcurrentRows"/>), a lease of the provider's machine-wide limits (<see cref="MachineWideLimiter"/>:
/// the same concurrency and <see cref="ProviderLimit.RowStartsPerSecond"/>, applied per request, shared by every process of
/// the machine), then the request itself under the attempt timeout. Failed attempts are retried by a Polly retry strategy (exponential backoff with jitter); a 429's
/// <c>Retry-After</c> rests the key that got it, capped at <see cref="ProviderDefinition.RetryAfterCap"/>, so the retry
/// goes to another key or waits for that one. Key and provider health (<c>ProviderPipeline.Health.cs</c>): a key the
/// provider rejects is set aside and the attempt is made again at once on another key, and the provider's
/// <see cref="ProviderCircuitBreaker"/> turns attempts away while the provider is down. When retries run out the call
/// fails with <see cref="ModelProviderException"/> and the sample's usage is marked with the infrastructure category.
/// </summary>
internal sealed partial class ProviderPipeline : IDisposable
{
    private const int DetailLength = 300;
    private readonly KeyPool _keys;
    private readonly AdaptiveConcurrencyLimiter? _concurrency;
    private readonly MachineWideLimiter? _machine;
    private readonly ResiliencePipeline _retry;
    private readonly TimeProvider _time;
    private readonly ProviderCircuitBreaker? _breaker;
    private readonly Action<string> _notices;

    /// <summary>Creates the pipeline; <paramref name="notices"/> receives what the user must hear once, e.g. a key set aside (never a key).</summary>
    public ProviderPipeline(
        ProviderDefinition provider, ProviderLimit? limit, IReadOnlyList<(string Variable, string Key)> keys, TimeProvider time, Action<string> notices, MachineWideLimiter? machine = null)
    {
        Provider = provider;
        Limit = limit;
        _time = time;
        _notices = notices;
        _keys = new KeyPool(keys, time);
        _breaker = provider.BreakerFailures > 0 ? new ProviderCircuitBreaker(provider.BreakerFailures, provider.BreakerCoolDown, time) : null;
        _concurrency = limit is { MaxConcurrentRows: var max } && max < int.MaxValue ? new AdaptiveConcurrencyLimiter(max) : null;
        _machine = machine;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (provider.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<ProviderAttemptException>(e => e.Failure.IsRetryable),
                MaxRetryAttempts = provider.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = provider.InitialBackoff,
                MaxDelay = provider.MaxBackoff,
            });
        }

        _retry = builder.Build();
    }

    /// <summary>The provider served.</summary>
    public ProviderDefinition Provider { get; }

    /// <summary>The limits applied, or <see langword="null"/> for none.</summary>
    public ProviderLimit? Limit { get; }

    /// <summary>How many key slots requests spread over.</summary>
    public int KeySlots => _keys.Count;

    /// <summary>The adaptive concurrency limit now, or <see langword="null"/> when unlimited.</summary>
    public int? CurrentConcurrencyLimit => _concurrency?.Limit;

    /// <summary>Calls waiting for a concurrency permit now (0 when unlimited), for tests and diagnostics.</summary>
    public int WaitingForConcurrency => _concurrency?.Waiting ?? 0;

    /// <summary>The key of slot <paramref name="index"/>, for building that slot's SDK client.</summary>
    public string? KeyAt(int index) => _keys.KeyAt(index);

    /// <summary>Sends one call through the pipeline to the client of the key slot it gets.</summary>
    /// <exception cref="ModelProviderException">The provider failed and retries ran out, or the failure is not retryable.</exception>
    public async Task<ChatResponse> SendAsync(
        ModelDefinition model, Func<int, IChatClient> clientForSlot, IEnumerable<ChatMessage> messages, ChatOptions? options, SampleUsage? usage, CancellationToken cancellationToken)
    {
        var attempts = new StrongBox<int>();
        try
        {
            return await _retry.ExecuteAsync(
                async token => await SendOnUsableKeyAsync(
                    clientForSlot, async (client, _, timeout) => await client.GetResponseAsync(messages, options, timeout).ConfigureAwait(false), usage, attempts, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderAttemptException ex)
        {
            throw Failed(model, usage, ex, attempts.Value);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _machine?.Dispose();

    /// <summary>The failure of a call whose retries ran out (or whose failure is not retried), marked on the sample's usage.</summary>
    private ModelProviderException Failed(ModelDefinition model, SampleUsage? usage, ProviderAttemptException exception, int attemptCount)
    {
        var failure = exception.Failure;
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"RunnerHarness: the model '{model.Name}' (provider '{Provider.Name}', model id '{model.ModelId}') failed after {attemptCount} attempt{(attemptCount == 1 ? "" : "s")}: " +
            $"{failure.Description}{(failure.IsRetryable || !failure.Sent ? "" : ", which is not retried")}{(exception.Detail.Length > 0 ? $" ({exception.Detail})" : "")}. " +
            $"Recorded as {failure.Category}: an infrastructure failure, not a model result; the next top-up runs this sample again.");
        usage?.MarkInfrastructureFailure(failure.Category, message);
        return new ModelProviderException(failure.Category, Provider.Name, model.Name, attemptCount, message, null);
    }

    /// <summary>
    /// One attempt on <paramref name="key"/>: the concurrency and rate permits, then <paramref name="exchange"/> with the
    /// slot's client under the attempt timeout. What it takes goes into <paramref name="hold"/>, which the caller
    /// releases when the attempt ends, or a stream when it ends.
    /// </summary>
    private async ValueTask<T> AttemptAsync<T>(
        KeyPool.KeyLease key, Func<int, IChatClient> clientForSlot, ProviderExchange<T> exchange, AttemptHold hold, SampleUsage? usage, bool isRetry, CancellationToken cancellationToken)
    {
        hold.Add(_concurrency is null ? null : await _concurrency.AcquireAsync(cancellationToken).ConfigureAwait(false));
        var lease = _machine is null ? null : await _machine.AcquireAsync(cancellationToken).ConfigureAwait(false);
        hold.Add(lease);
        if (Provider.Kind == ProviderKind.Simulated)
        {
            lease?.MarkSent(); // no HTTP layer to say when it left: it leaves now
        }

        if (_keys.IsRejected(key))
        {
            throw new ProviderAttemptException(ProviderFailure.KeySetAside, "");
        }

        // The HTTP layer (SendMarkingHandler) marks the lease sent when the request is written, and keeps it while the
        // exchange is open, so an abandoned request counts until its connection is closed.
        MachineLease.Current = lease;
        usage?.AddRequest(isRetry);
        var timeout = hold.StartTimeout(Provider.RequestTimeout, cancellationToken);
        try
        {
            var result = await exchange(clientForSlot(key.Index), hold, timeout).ConfigureAwait(false);
            _concurrency?.OnSuccess();
            return result;
        }
        catch (Exception ex) when (ProviderFailure.From(ex, timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested, _time) is { } failure)
        {
            if (failure.Category == ErrorCategory.RateLimited)
            {
                _concurrency?.OnThrottled();
            }

            if (failure.RetryAfter is { } retryAfter)
            {
                // Capped: a "try again in 114 hours" must not stall the study; the retry budget decides instead.
                _keys.Rest(key, retryAfter < Provider.RetryAfterCap ? retryAfter : Provider.RetryAfterCap);
            }

            throw new ProviderAttemptException(failure, Detail(ex));
        }
    }

    private string Detail(Exception exception)
    {
        if (exception is OperationCanceledException)
        {
            return string.Create(CultureInfo.InvariantCulture, $"after {Provider.RequestTimeout.TotalSeconds:0.###} s");
        }

        // Providers echo parts of keys in auth errors: full keys are replaced, anything key-shaped is masked.
        var text = KeyShaped().Replace(_keys.Redact(exception.Message), "[redacted]").ReplaceLineEndings(" ").Trim();
        return text.Length <= DetailLength ? text : $"{text[..DetailLength]}...";
    }

    [GeneratedRegex(@"\b(sk|rk|pk)-[A-Za-z0-9_\-*]{6,}|\b[A-Za-z0-9]{32,}\b")]
    private static partial Regex KeyShaped();
}
