namespace RunnerHarness.Tests.Store;

/// <summary>
/// The system clock, except that creating its first timer calls <c>onFirstWait</c>: a waiter that pauses on this clock (a failed
/// bulk write's clean-up waiting for <c>compact.lock</c>) so tells a test that it is waiting, with no timed assertion.
/// </summary>
internal sealed class SignallingClock(Action onFirstWait) : TimeProvider
{
    private int _timers;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (Interlocked.Increment(ref _timers) == 1)
        {
            onFirstWait();
        }

        return base.CreateTimer(callback, state, dueTime, period);
    }
}
