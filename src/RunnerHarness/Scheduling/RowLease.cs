using System.Threading.RateLimiting;

namespace RunnerHarness.Scheduling;

/// <summary>
/// The right of one row to run, from <see cref="RowConcurrencyLimiter.AcquireAsync"/>: it holds a global slot and,
/// when the row's provider is limited, one of that provider's slots. Dispose it when the row finishes; disposing
/// twice is harmless.
/// </summary>
internal sealed class RowLease : IDisposable
{
    private RateLimitLease? _global;
    private RateLimitLease? _provider;

    internal RowLease(RateLimitLease global, RateLimitLease? provider)
    {
        _global = global;
        _provider = provider;
    }

    /// <summary>Releases the global slot, then the provider slot.</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _global, null)?.Dispose();
        Interlocked.Exchange(ref _provider, null)?.Dispose();
    }
}
