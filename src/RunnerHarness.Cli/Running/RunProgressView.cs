using Spectre.Console;

namespace RunnerHarness.Cli.Running;

/// <summary>
/// Shows the shards' progress: a Spectre progress display on a terminal, or, when output is redirected or
/// <c>CI=true</c>, a plain line every <see cref="PlainInterval"/> and once at the end.
/// </summary>
internal sealed class RunProgressView(CliContext context, IReadOnlyList<ShardState> shards, TimeProvider clock)
{
    /// <summary>How often plain mode prints a progress line.</summary>
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="poll"/> about once a second, showing progress, until <paramref name="finished"/> completes.</summary>
    public async Task ShowAsync(Func<Task> poll, Task finished)
    {
        if (context.PlainOutput)
        {
            var lastLine = clock.GetUtcNow();
            while (!finished.IsCompleted)
            {
                await Task.WhenAny(finished, Task.Delay(TimeSpan.FromSeconds(1), clock)).ConfigureAwait(false);
                await poll().ConfigureAwait(false);
                if (clock.GetUtcNow() - lastLine >= PlainInterval)
                {
                    lastLine = clock.GetUtcNow();
                    WritePlain();
                }
            }

            WritePlain();
            return;
        }

        await context.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var tasks = shards.Select(s => progress.AddTask(Markup.Escape(s.Describe(clock.GetUtcNow())), maxValue: 1)).ToArray();
                while (true)
                {
                    var done = finished.IsCompleted;
                    await poll().ConfigureAwait(false);
                    var now = clock.GetUtcNow();
                    for (var i = 0; i < shards.Count; i++)
                    {
                        var shard = shards[i];
                        tasks[i].Description = Markup.Escape(shard.Describe(now));
                        tasks[i].IsIndeterminate = shard.PlannedRows is null && shard.FinishedAt is null;
                        tasks[i].MaxValue = Math.Max(1, shard.PlannedRows ?? shard.Records);
                        tasks[i].Value = shard.FinishedAt is null ? Math.Min(shard.Records, tasks[i].MaxValue) : tasks[i].MaxValue;
                    }

                    progress.Refresh();
                    if (done)
                    {
                        return;
                    }

                    await Task.WhenAny(finished, Task.Delay(TimeSpan.FromSeconds(1), clock)).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
    }

    private void WritePlain()
    {
        var now = clock.GetUtcNow();
        context.WriteLine($"progress: {string.Join("; ", shards.Select(s => s.Describe(now)))}");
    }
}
