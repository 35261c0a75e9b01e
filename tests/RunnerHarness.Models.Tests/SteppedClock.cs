namespace RunnerHarness.Models.Tests;

/// <summary>
/// A clock that moves only when told (<see cref="Advance"/>): what the pipeline reads as "now" for its key rests and
/// circuit breaker, so a test passes a cool-down without waiting for it. Timers (Polly's backoff) still run in real time.
/// </summary>
internal sealed class SteppedClock : TimeProvider
{
    private long _ticks = TimeSpan.FromDays(1).Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero) + TimeSpan.FromTicks(GetTimestamp());

    /// <summary>Moves the clock <paramref name="by"/> forward.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
