using System.Globalization;
using RunnerHarness.Settings;

namespace RunnerHarness.Cli.Running;

/// <summary>One shard of a run: its <c>dotnet test</c> process, the rows its batches planned, the records it wrote.</summary>
internal sealed class ShardState
{
    /// <summary>Creates the state of shard <paramref name="shard"/>, started at <paramref name="startedAt"/>.</summary>
    public ShardState(ShardSpec shard, DateTimeOffset startedAt)
    {
        Shard = shard;
        StartedAt = startedAt;
    }

    /// <summary>The shard.</summary>
    public ShardSpec Shard { get; }

    /// <summary>When its process started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Its <c>dotnet test</c> process; set once started.</summary>
    public LoggedProcess? Process { get; set; }

    /// <summary>Records of the run the store holds for this shard, as of the last count.</summary>
    public long Records { get; set; }

    /// <summary>When its process exited, or <see langword="null"/> while it runs.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Rows its batches planned (the sum of their plans in the run's plan folder), or <see langword="null"/> before the first plan.</summary>
    public int? PlannedRows { get; set; }

    /// <summary>Records per second since the shard started, or 0.</summary>
    public double Rate(DateTimeOffset now)
    {
        var seconds = ((FinishedAt ?? now) - StartedAt).TotalSeconds;
        return seconds > 0 ? Records / seconds : 0;
    }

    /// <summary>The time left at the current rate, when the plan is known and some records were written.</summary>
    public TimeSpan? Remaining(DateTimeOffset now)
    {
        var rate = Rate(now);
        if (FinishedAt is not null || PlannedRows is not { } planned || rate <= 0)
        {
            return null;
        }

        return TimeSpan.FromSeconds(Math.Max(0, planned - Records) / rate);
    }

    /// <summary>One line: <c>shard 0/2: 12/40 records, 2.4/s, ETA 00:00:12</c> (no total and ETA without a plan).</summary>
    public string Describe(DateTimeOffset now)
    {
        var total = PlannedRows is { } planned ? $"/{planned}" : "";
        var state = FinishedAt is null
            ? Remaining(now) is { } left ? $", ETA {left:hh\\:mm\\:ss}" : ""
            : ", done";
        return string.Create(CultureInfo.InvariantCulture, $"shard {Shard}: {Records}{total} records, {Rate(now):0.0}/s{state}");
    }
}
