namespace RunnerHarness.Cli.Tests;

/// <summary>A clock stopped at one instant, so reports are stamped the same on every run.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Instant = new(2025, 8, 15, 9, 30, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;
}
