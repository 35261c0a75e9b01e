using RunnerHarness.Scheduling;

namespace RunnerHarness.Models.Limits;

/// <summary>
/// The rate of row starts of a provider that only <c>RUNNER_HARNESS_PROVIDER_LIMITS</c> names (its requests do not go
/// through RunnerHarness.Models), shared by every process of the machine: a row start takes a lease of the provider's
/// row-start board and gives it back at once, and its start stays on the board for a rate window, as a request's send
/// does on a provider's board. One mechanism with the requests' limits, so a killed process frees nothing it could hold.
/// </summary>
internal sealed class MachineWideRowStartRate(MachineWideLimiter limiter) : IRowStartRate, IDisposable
{
    /// <inheritdoc/>
    public async ValueTask WaitToStartAsync(CancellationToken cancellationToken)
    {
        using var lease = await limiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
        lease.MarkSent();
    }

    /// <inheritdoc/>
    public void Dispose() => limiter.Dispose();
}
