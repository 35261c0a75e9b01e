namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Runs Parquet.Net's async-only API behind the synchronous store interfaces. The task is started with
/// no <see cref="SynchronizationContext"/>, so its continuations run on the thread pool and blocking on
/// it cannot deadlock even when the caller has a context (a UI thread, xUnit's test context).
/// </summary>
internal static class SyncOverAsync
{
    public static void Run(Func<Task> action)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            action().GetAwaiter().GetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    public static T Run<T>(Func<Task<T>> action)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return action().GetAwaiter().GetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }
}
