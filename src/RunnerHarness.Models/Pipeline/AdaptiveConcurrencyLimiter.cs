namespace RunnerHarness.Models.Pipeline;

/// <summary>
/// A concurrency limit that adapts to the provider (additive increase, multiplicative decrease): it starts at the
/// configured maximum, halves on every rate-limit answer (never below 1) and grows by one after as many successes in a
/// row as the current limit, never above the maximum. The number of permits held never exceeds the current limit at the
/// moment each was granted, so never the maximum. A long <c>Retry-After</c> does not freeze it: it grows back on the
/// successes that follow, whatever the wait was. Waiters are served oldest first. Thread-safe.
/// </summary>
internal sealed class AdaptiveConcurrencyLimiter
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private int _limit;
    private int _inUse;
    private int _successStreak;

    public AdaptiveConcurrencyLimiter(int maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, 1);
        Maximum = maximum;
        _limit = maximum;
    }

    /// <summary>The configured limit.</summary>
    public int Maximum { get; }

    /// <summary>The limit now, from 1 to <see cref="Maximum"/>.</summary>
    public int Limit
    {
        get
        {
            lock (_gate)
            {
                return _limit;
            }
        }
    }

    /// <summary>Callers waiting for a permit now.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiters.Count(w => !w.Task.IsCompleted);
            }
        }
    }

    /// <summary>Waits for a permit; dispose the result to give it back.</summary>
    public async ValueTask<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (_inUse < _limit && _waiters.Count == 0)
            {
                _inUse++;
                return new Permit(this);
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }

        using (cancellationToken.Register(static w => ((TaskCompletionSource)w!).TrySetCanceled(), waiter))
        {
            await waiter.Task.ConfigureAwait(false);
        }

        return new Permit(this);
    }

    /// <summary>The provider answered 429: halve the limit.</summary>
    public void OnThrottled()
    {
        lock (_gate)
        {
            _limit = Math.Max(1, _limit / 2);
            _successStreak = 0;
        }
    }

    /// <summary>A request succeeded: after a full limit's worth of successes in a row, allow one more.</summary>
    public void OnSuccess()
    {
        lock (_gate)
        {
            if (_limit >= Maximum)
            {
                return;
            }

            if (++_successStreak >= _limit)
            {
                _limit++;
                _successStreak = 0;
                GrantWaitingLocked();
            }
        }
    }

    private void Release()
    {
        lock (_gate)
        {
            _inUse--;
            GrantWaitingLocked();
        }
    }

    private void GrantWaitingLocked()
    {
        while (_inUse < _limit && _waiters.TryDequeue(out var waiter))
        {
            // A cancelled waiter is skipped; its permit goes to the next one.
            if (waiter.TrySetResult())
            {
                _inUse++;
            }
        }
    }

    private sealed class Permit(AdaptiveConcurrencyLimiter owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release();
            }
        }
    }
}
