using System.Globalization;
using RunnerHarness.Schema;

namespace RunnerHarness.Models.Pipeline;

/// <summary>
/// The circuit breaker of one provider: after <see cref="FailureThreshold"/> attempts in a row that ended in a provider
/// fault (<see cref="ProviderFailure.IsProviderFault"/>: 5xx, 408, a timeout, a connection failure, a malformed answer)
/// it opens, and for <see cref="CoolDown"/> every attempt is turned away without a request. Then it is half-open: the
/// next attempt is let through as the one probe (the others are still turned away); its success closes the breaker, its
/// failure opens it for another cool-down. Any answer that is not a provider fault (a success, a 429, a 4xx) shows the
/// provider is up and closes it too. Time is read from the injected <see cref="TimeProvider"/>. Thread-safe.
/// </summary>
/// <remarks>
/// Not Polly's circuit breaker: that one trips on a failure ratio over a sampling window with a minimum throughput, and
/// the models file promises a number of consecutive failures, which a provider that has gone down produces at once.
/// </remarks>
internal sealed class ProviderCircuitBreaker
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private int _consecutiveFailures;
    private long? _openedAt;
    private bool _probeOut;

    /// <summary>Creates a closed breaker.</summary>
    public ProviderCircuitBreaker(int failureThreshold, TimeSpan coolDown, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failureThreshold, 1);
        FailureThreshold = failureThreshold;
        CoolDown = coolDown;
        _time = time;
    }

    /// <summary>Consecutive provider faults that open the breaker.</summary>
    public int FailureThreshold { get; }

    /// <summary>How long the open breaker turns attempts away before it lets a probe through.</summary>
    public TimeSpan CoolDown { get; }

    /// <summary>
    /// Whether an attempt may be sent now; <paramref name="isProbe"/> says it is the half-open breaker's one probe. Every
    /// attempt let through must end in <see cref="OnAnswered"/> or <see cref="OnAbandoned"/>.
    /// </summary>
    public bool TryEnter(out bool isProbe)
    {
        lock (_gate)
        {
            isProbe = false;
            if (_openedAt is not { } opened)
            {
                return true;
            }

            if (_probeOut || _time.GetElapsedTime(opened) < CoolDown)
            {
                return false;
            }

            _probeOut = true;
            isProbe = true;
            return true;
        }
    }

    /// <summary>An attempt got its answer: <paramref name="providerFault"/> when it was a provider fault.</summary>
    public void OnAnswered(bool isProbe, bool providerFault)
    {
        lock (_gate)
        {
            _probeOut &= !isProbe;
            if (!providerFault)
            {
                _consecutiveFailures = 0;
                _openedAt = null;
                return;
            }

            _consecutiveFailures++;
            if (isProbe || (_openedAt is null && _consecutiveFailures >= FailureThreshold))
            {
                _openedAt = _time.GetTimestamp();
            }
        }
    }

    /// <summary>An attempt let through ended without an answer (cancelled, or its key was set aside while it waited).</summary>
    public void OnAbandoned(bool isProbe)
    {
        lock (_gate)
        {
            _probeOut &= !isProbe;
        }
    }

    /// <summary>The failure of an attempt the breaker turned away: a <c>provider_error</c>, not sent, not retried.</summary>
    public ProviderFailure TurnedAway() => new(
        ErrorCategory.ProviderError,
        IsRetryable: false,
        RetryAfter: null,
        string.Create(
            CultureInfo.InvariantCulture,
            $"no request sent: the provider's circuit breaker is open after {FailureThreshold} failed attempts in a row, and lets one probe through {CoolDown.TotalSeconds:0.###} s after it opened"),
        Sent: false);
}
