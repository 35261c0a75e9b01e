using RunnerHarness.Scheduling;
using RunnerHarness.Xunit.Recording;
#if XUNIT_V3
using Xunit.v3;
#else
using Xunit.Sdk;
#endif

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>Starts the rows of model batches: concurrently, each once it holds its slots of the run's <see cref="RowConcurrencyLimiter"/>.</summary>
internal static class ModelBatchRows
{
    /// <summary>
    /// Starts <paramref name="row"/> (a row's test runner) now; it runs once it holds a slot of its <paramref name="provider"/> and a global one.
    /// Rows start on xUnit's synchronization context when there is one (MaxConcurrencySyncContext, which bounds the threads
    /// tests run on by maxParallelThreads), not on the thread pool: Task.Run would escape that bound. Rows wait for slots
    /// oldest first, so rows started in plan order run in plan order as far as the limits allow.
    /// </summary>
    /// <returns>
    /// The row's summary; empty when the run was cancelled before the row got its slots, or when the run
    /// <paramref name="budget"/> was reached by then (the row is left for top-up).
    /// </returns>
    /// <param name="row">The row's test runner.</param>
    /// <param name="provider">The row's provider, for its provider's limits.</param>
    /// <param name="limiter">The run's row limits.</param>
    /// <param name="budget">The run budget, if any.</param>
    /// <param name="cancellation">Cancels the run.</param>
    /// <param name="turn">
    /// When the row may queue for its slots (its turn in plan order, when rows of one batch are started by several runners,
    /// as v3's cells are); <see langword="null"/> to queue now.
    /// </param>
    /// <param name="queued">Called once the row has queued for its slots, or will not (the run was cancelled first).</param>
    public static Task<RunSummary> Start(
        Func<Task<RunSummary>> row,
        string? provider,
        RowConcurrencyLimiter limiter,
        RunBudget? budget,
        CancellationToken cancellation,
        Task? turn = null,
        Action? queued = null)
    {
        var scheduler = SynchronizationContext.Current is null ? TaskScheduler.Default : TaskScheduler.FromCurrentSynchronizationContext();
        return Task.Factory.StartNew(() => RunAsync(row, provider, limiter, budget, turn, queued, cancellation), CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler).Unwrap();
    }

    private static async Task<RunSummary> RunAsync(
        Func<Task<RunSummary>> row, string? provider, RowConcurrencyLimiter limiter, RunBudget? budget, Task? turn, Action? queued, CancellationToken cancellation)
    {
        RowLease lease;
        try
        {
            if (turn is not null)
            {
                await turn.WaitAsync(cancellation).ConfigureAwait(true);
            }

            // The limiter queues the row when called, before the first wait: the row's place is taken here.
            ValueTask<RowLease> acquiring;
            try
            {
                acquiring = limiter.AcquireAsync(provider, cancellation);
            }
            finally
            {
                queued?.Invoke();
            }

            // Back on the scheduler the row started on (see Start), so the row runs within xUnit's thread bound.
            lease = await acquiring.ConfigureAwait(true);
        }
        catch (OperationCanceledException)
        {
            // The run was cancelled while this row waited for its turn or a slot: it never started, so it reports nothing.
            queued?.Invoke();
            return new RunSummary();
        }

        using (lease)
        {
            // Checked once the row holds its slots, so it sees the cost of every row that finished while it waited.
            if (budget is not null && !budget.AllowsRow())
            {
                return new RunSummary();
            }

            return await row().ConfigureAwait(true);
        }
    }
}
