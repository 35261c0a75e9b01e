namespace RunnerHarness.Scheduling;

/// <summary>
/// A provider's rate of row starts kept outside one <see cref="RowConcurrencyLimiter"/>: shared by every process of the
/// machine (RunnerHarness.Models keeps it in the provider's lease folder), so processes side by side start no more rows
/// per second together than the limit.
/// </summary>
public interface IRowStartRate
{
    /// <summary>Waits until a row may start now, and counts that start against the rate.</summary>
    /// <param name="cancellationToken">Stops waiting; nothing is counted then.</param>
    /// <exception cref="OperationCanceledException">Cancelled while waiting.</exception>
    ValueTask WaitToStartAsync(CancellationToken cancellationToken);
}
