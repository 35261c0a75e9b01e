using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using RunnerHarness.Models.Usage;

namespace RunnerHarness.Models.Pipeline;

/// <summary>Key and provider health: the attempt of one try of the retry strategy, on a key the provider accepts, past the circuit breaker.</summary>
internal sealed partial class ProviderPipeline
{
    /// <summary>
    /// One try of the retry strategy. The circuit breaker may turn it away (no request). A key the provider rejects
    /// (401/403) is set aside for the run, named once through the notices, and the attempt is made again at once on
    /// another key, without a backoff: another key is not a reason to wait. When no key is left the try fails, not
    /// retried. <paramref name="attempts"/> counts every attempt, for the message.
    /// </summary>
    private async ValueTask<T> SendOnUsableKeyAsync<T>(
        Func<int, IChatClient> clientForSlot, ProviderExchange<T> exchange, SampleUsage? usage, StrongBox<int> attempts, CancellationToken cancellationToken)
    {
        while (true)
        {
            var isProbe = false;
            if (_breaker is not null && !_breaker.TryEnter(out isProbe))
            {
                attempts.Value++;
                throw new ProviderAttemptException(_breaker.TurnedAway(), "");
            }

            bool? providerFault = null;
            var probe = isProbe;
            var hold = new AttemptHold(fault =>
            {
                if (fault is { } providerFailed)
                {
                    _breaker?.OnAnswered(probe, providerFailed);
                }
                else
                {
                    _breaker?.OnAbandoned(probe);
                }
            });
            try
            {
                var key = await _keys.AcquireAsync(cancellationToken).ConfigureAwait(false);
                hold.Add(key);
                if (key is null)
                {
                    attempts.Value++;
                    throw new ProviderAttemptException(ProviderFailure.AllKeysRejected(_keys.RejectedVariables), "");
                }

                try
                {
                    var result = await AttemptAsync(key, clientForSlot, exchange, hold, usage, attempts.Value++ > 0, cancellationToken).ConfigureAwait(false);
                    providerFault = false;
                    return result;
                }
                catch (ProviderAttemptException ex) when (ex.Failure.RejectsKey && (!ex.Failure.Sent || _keys.KeyAt(key.Index) is not null))
                {
                    // A keyless provider's refusal has no key to set aside: it fails as it is, below.
                    providerFault = ex.Failure.Sent ? false : null;
                    if (ex.Failure.Sent && _keys.Reject(key))
                    {
                        _notices($"RunnerHarness: the provider '{Provider.Name}' rejected the key from {key.Variable} ({ex.Failure.Description}); " +
                            $"it is set aside for the rest of this run, and requests go to the provider's other keys ({_keys.UsableCount} left).");
                    }
                }
                catch (ProviderAttemptException ex)
                {
                    providerFault = ex.Failure.Sent ? ex.Failure.IsProviderFault : null;
                    throw;
                }
            }
            finally
            {
                // A stream that opened keeps its key, permit and breaker verdict until it ends (ProviderPipeline.Streaming.cs).
                if (!hold.KeptOpen)
                {
                    hold.Release(providerFault);
                }
            }
        }
    }
}
