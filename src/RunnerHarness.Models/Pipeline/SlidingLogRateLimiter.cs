using System.Threading.RateLimiting;

namespace RunnerHarness.Models.Pipeline;

/// <summary>
/// At most <c>limit</c> permits in any window of <c>window</c>, exactly: a permit is granted when the permit granted
/// <c>limit</c> grants ago is at least one window old. A segmented sliding window would let a few more through an
/// unaligned window; providers count in unaligned windows. Waiters are served in arrival order. Thread-safe.
/// </summary>
internal sealed class SlidingLogRateLimiter : RateLimiter
{
    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Queue<long> _grants = new();
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Lock _gate = new();
    private long _lastGrant;

    public SlidingLogRateLimiter(int limit, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _limit = limit;
        _window = window;
        _time = time;
        _lastGrant = time.GetTimestamp();
    }

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                return _time.GetElapsedTime(_lastGrant);
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(permitCount, 1);
        lock (_gate)
        {
            return TryGrant(out _) ? GrantedLease.Instance : FailedLease.Instance;
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(permitCount, 1);
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                TimeSpan wait;
                lock (_gate)
                {
                    if (TryGrant(out wait))
                    {
                        return GrantedLease.Instance;
                    }
                }

                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _turn.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool TryGrant(out TimeSpan wait)
    {
        var now = _time.GetTimestamp();
        while (_grants.Count > 0 && _time.GetElapsedTime(_grants.Peek(), now) >= _window)
        {
            _grants.Dequeue();
        }

        if (_grants.Count < _limit)
        {
            _grants.Enqueue(now);
            _lastGrant = now;
            wait = TimeSpan.Zero;
            return true;
        }

        // Rounded up to whole milliseconds so the next look finds the oldest grant out of the window.
        var remaining = _window - _time.GetElapsedTime(_grants.Peek(), now);
        wait = TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(remaining.TotalMilliseconds)));
        return false;
    }

    private sealed class GrantedLease : RateLimitLease
    {
        public static readonly GrantedLease Instance = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }

    private sealed class FailedLease : RateLimitLease
    {
        public static readonly FailedLease Instance = new();

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
