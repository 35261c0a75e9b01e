using System.Runtime.ExceptionServices;

namespace RunnerHarness.Models.Limits;

/// <summary>
/// One provider's <c>max_concurrency</c> and <c>requests_per_second</c> for every process of the machine, through the
/// provider's <see cref="ProviderLeaseBoard"/>: a request holds a lease while it is in flight, and its send time stays
/// on the board for a rate window. A process renews its leases every <see cref="RenewInterval"/>; a lease lives
/// <see cref="LeaseTime"/> unless renewed, and a lease of a process that ended is taken back at the next look. Within
/// the process, waiters take turns (oldest first); between processes, each looks again every <see cref="PollInterval"/>
/// (or exactly when the next rate slot frees). Thread-safe.
/// </summary>
internal sealed class MachineWideLimiter : IDisposable
{
    /// <summary>How often a waiter looks at the board again when it cannot know when a slot frees.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>How long a lease lives unless its owner renews it: the longest a frozen or unreachable owner can hold one.</summary>
    public static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(10);

    /// <summary>How often a process renews its leases.</summary>
    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The rate window: one second, and 100 ms for the way to the provider. A send is logged when the request has been
    /// written, a little before the provider counts it; the margin keeps the provider's one-second windows within the
    /// rate even when an earlier request reached it up to 100 ms late. It costs at most a tenth of the rate.
    /// </summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromMilliseconds(1100);

    private readonly ProviderLeaseBoard _board;
    private readonly int? _perSecond;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly ITimer _renewal;
    private ExceptionDispatchInfo? _renewalFailure;

    public MachineWideLimiter(ProviderLeaseBoard board, int maxConcurrency, int? perSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        _board = board;
        MaxConcurrency = maxConcurrency;
        _perSecond = perSecond;
        _time = time;
        _renewal = time.CreateTimer(_ => Renew(), null, RenewInterval, RenewInterval);
    }

    /// <summary>Requests in flight on the machine at once.</summary>
    public int MaxConcurrency { get; }

    /// <summary>The lease board.</summary>
    public ProviderLeaseBoard Board => _board;

    /// <summary>Waits for a lease: a slot of the machine's concurrency and of its rate. Dispose it when the request's exchange ended.</summary>
    /// <exception cref="Configuration.ModelsConfigurationException">The lease folder cannot be used.</exception>
    public async ValueTask<MachineLease> AcquireAsync(CancellationToken cancellationToken)
    {
        _renewalFailure?.Throw();
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var grant = _board.TryAcquire(NowMicroseconds(), MaxConcurrency, _perSecond, RateWindow, LeaseTime);
                if (grant.LeaseId is { } id)
                {
                    return new MachineLease(this, id);
                }

                await Task.Delay(grant.Wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _renewal.Dispose();
        _turn.Dispose();
    }

    // Without a rate the send time decides nothing: no transaction for it.
    internal void MarkSent(string leaseId)
    {
        if (_perSecond is not null)
        {
            _board.MarkSent(leaseId, NowMicroseconds());
        }
    }

    internal void Release(string leaseId) => _board.Release(leaseId, NowMicroseconds(), _perSecond, RateWindow);

    private void Renew()
    {
        try
        {
            _board.Renew(NowMicroseconds(), LeaseTime);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Configuration.ModelsConfigurationException)
        {
            // A lease that cannot be renewed will expire under a request in flight: the next request fails with the cause.
            _renewalFailure = ExceptionDispatchInfo.Capture(ex);
        }
    }

    // The machine's monotonic clock (CLOCK_MONOTONIC, QueryPerformanceCounter): one clock for every process, unmoved by
    // changes of the wall clock, so send times written by one process are comparable in another.
    private long NowMicroseconds()
    {
        var timestamp = _time.GetTimestamp();
        var frequency = _time.TimestampFrequency;
        return (timestamp / frequency * 1_000_000) + (timestamp % frequency * 1_000_000 / frequency);
    }
}
