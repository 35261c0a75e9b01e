using System.Threading.Channels;

namespace RunnerHarness.Models.Tests;

/// <summary>
/// A clock whose timers fire only when the test moves it (<see cref="Advance"/>): every one-shot wait the pipeline takes
/// through its <see cref="TimeProvider"/> (Polly's backoff, a key's rest) is announced on <see cref="Scheduled"/> with its
/// length, so a test sees how long the pipeline meant to wait without waiting for it. Periodic timers (the machine-wide
/// limiter's lease renewal) are not announced: they are housekeeping, not a wait of the call, and fire at most once.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly Channel<TimeSpan> _scheduled = Channel.CreateUnbounded<TimeSpan>();
    private long _ticks;

    /// <summary>The length of every timer started, in order.</summary>
    public ChannelReader<TimeSpan> Scheduled => _scheduled.Reader;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero) + TimeSpan.FromTicks(GetTimestamp());

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ManualTimer(this, callback, state, dueTime, period);

    /// <summary>Moves the clock <paramref name="by"/> forward and fires the timers due by then.</summary>
    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_gate)
        {
            _ticks += by.Ticks;
            due = _timers.Where(t => t.DueAt <= _ticks).ToList();
            _timers.RemoveAll(due.Contains);
        }

        due.ForEach(t => t.Fire());
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            timer.DueAt = _ticks + dueTime.Ticks;
            _timers.Add(timer);
        }

        if (period == Timeout.InfiniteTimeSpan)
        {
            _scheduled.Writer.TryWrite(dueTime);
        }
    }

    private void Cancel(ManualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    /// <summary>A timer of the clock; it fires once when due (the pipeline's waits have no period).</summary>
    private sealed class ManualTimer : ITimer
    {
        private readonly ManualClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;

        public ManualTimer(ManualClock clock, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            (_clock, _callback, _state) = (clock, callback, state);
            _clock.Schedule(this, dueTime, period);
        }

        public long DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _clock.Schedule(this, dueTime, period);
            return true;
        }

        public void Fire() => ThreadPool.QueueUserWorkItem(_ => _callback(_state));

        public void Dispose() => _clock.Cancel(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
