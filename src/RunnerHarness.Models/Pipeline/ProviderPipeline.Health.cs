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
    private async ValueTask<ChatResponse> SendOnUsableKeyAsync(
        Func<int, IChatClient> clientForSlot, IEnumerable<ChatMessage> messages, ChatOptions? options, SampleUsage? usage, StrongBox<int> attempts, CancellationToken cancellationToken)
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
            try
            {
                using var key = await _keys.AcquireAsync(cancellationToken).ConfigureAwait(false);
                if (key is null)
                {
                    attempts.Value++;
                    throw new ProviderAttemptException(ProviderFailure.AllKeysRejected(_keys.RejectedVariables), "");
                }

                try
                {
                    var response = await AttemptAsync(key, clientForSlot, messages, options, usage, attempts.Value++ > 0, cancellationToken).ConfigureAwait(false);
                    providerFault = false;
                    return response;
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
                if (providerFault is { } fault)
                {
                    _breaker?.OnAnswered(isProbe, fault);
                }
                else
                {
                    _breaker?.OnAbandoned(isProbe);
                }
            }
        }
    }
}
