namespace RunnerHarness.Models.Limits;

/// <summary>
/// A request's lease of its provider's machine-wide limits. The HTTP layer (<see cref="SendMarkingHandler"/>) finds the
/// lease of the request it sends through <see cref="Current"/>, says when the request left (<see cref="MarkSent"/>) and
/// when its exchange ended. Disposing the lease while the exchange is still open (a timed-out request whose connection
/// is not yet closed) ends it only when the exchange ends: an abandoned request still occupies the provider.
/// </summary>
internal sealed class MachineLease : IDisposable
{
    private static readonly AsyncLocal<MachineLease?> Flowing = new();
    private readonly MachineWideLimiter _limiter;
    private readonly string _id;
    private readonly Lock _gate = new();
    private int _sent;
    private int _openExchanges;
    private bool _disposed;
    private bool _released;

    public MachineLease(MachineWideLimiter limiter, string id)
    {
        _limiter = limiter;
        _id = id;
    }

    /// <summary>The lease of the request being sent on this flow of execution, if any.</summary>
    public static MachineLease? Current
    {
        get => Flowing.Value;
        set => Flowing.Value = value;
    }

    /// <summary>Whether the lease has been given back to the board.</summary>
    public bool IsReleased
    {
        get
        {
            lock (_gate)
            {
                return _released;
            }
        }
    }

    /// <summary>The request left for the provider now: its rate window starts here. Only the first call counts.</summary>
    public void MarkSent()
    {
        if (Interlocked.Exchange(ref _sent, 1) == 0)
        {
            _limiter.MarkSent(_id);
        }
    }

    /// <summary>An HTTP exchange of this lease's request started.</summary>
    public void ExchangeStarted()
    {
        lock (_gate)
        {
            _openExchanges++;
        }
    }

    /// <summary>An HTTP exchange ended (answered, or its connection aborted); the lease ends now if it was already disposed.</summary>
    public void ExchangeEnded()
    {
        lock (_gate)
        {
            _openExchanges--;
            if (!_disposed || _openExchanges > 0 || _released)
            {
                return;
            }

            _released = true;
        }

        _limiter.Release(_id);
    }

    /// <summary>Ends the lease, or, while an exchange is still open, lets its end end the lease.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_openExchanges > 0)
            {
                return;
            }

            _released = true;
        }

        _limiter.Release(_id);
    }
}
