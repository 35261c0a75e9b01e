namespace RunnerHarness.Models.Pipeline;

/// <summary>
/// What one attempt holds while its request is out: the key lease, the concurrency permit, the attempt timeout, and
/// the circuit breaker's verdict still to give. A whole answer gives them back when the attempt ends; a stream keeps
/// them (<see cref="KeepOpen"/>) until it ends or is abandoned, so a provider's limits count a stream for its life.
/// </summary>
internal sealed class AttemptHold : IDisposable
{
    private readonly List<IDisposable> _held = [];
    private readonly Action<bool?> _settleBreaker;
    private int _released;

    /// <summary>Creates the hold; <paramref name="settleBreaker"/> gets the verdict once (provider fault, no fault, or <see langword="null"/> when the attempt was abandoned unanswered).</summary>
    public AttemptHold(Action<bool?> settleBreaker) => _settleBreaker = settleBreaker;

    /// <summary>Whether a stream took the hold over: the attempt's end must not release it.</summary>
    public bool KeptOpen { get; private set; }

    /// <summary>The attempt's timeout, once its request is about to go out.</summary>
    public CancellationTokenSource? Timeout { get; private set; }

    /// <summary>Holds <paramref name="resource"/> (a lease or permit) until <see cref="Release"/>; <see langword="null"/> is ignored.</summary>
    public void Add(IDisposable? resource)
    {
        if (resource is not null)
        {
            _held.Add(resource);
        }
    }

    /// <summary>Starts the attempt timeout of <paramref name="after"/>, linked to <paramref name="cancellationToken"/>, held like the rest.</summary>
    public CancellationToken StartTimeout(TimeSpan after, CancellationToken cancellationToken)
    {
        Timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Timeout.CancelAfter(after);
        _held.Add(Timeout);
        return Timeout.Token;
    }

    /// <summary>Hands the hold to a stream, which releases it when it ends.</summary>
    public void KeepOpen() => KeptOpen = true;

    /// <summary>Gives everything back and the breaker its verdict; only the first call counts.</summary>
    public void Release(bool? providerFault)
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        try
        {
            _settleBreaker(providerFault);
        }
        finally
        {
            for (var i = _held.Count - 1; i >= 0; i--)
            {
                _held[i].Dispose();
            }
        }
    }

    /// <summary>Releases as abandoned (no verdict) if nothing released it before.</summary>
    public void Dispose() => Release(null);
}
