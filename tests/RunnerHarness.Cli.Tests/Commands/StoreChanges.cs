namespace RunnerHarness.Cli.Tests.Commands;

/// <summary>
/// Wakes a test that waits for another process to write to a store: each file created, written, renamed or deleted under
/// the folder ends the current <see cref="NextAsync"/>, so the test looks again as soon as there is something new to see.
/// </summary>
/// <remarks>
/// A watcher starts watching a new subfolder only once it has seen it created, so what a writer puts into a folder it has
/// just made can pass unseen (on Linux, a writer's first log and its first appends did, and the test waited for changes
/// that never came); hence the bound on each wait.
/// </remarks>
internal sealed class StoreChanges : IDisposable
{
    private readonly FileSystemWatcher _watcher;
    private readonly SemaphoreSlim _changed = new(0);

    /// <summary>Starts watching <paramref name="folder"/> (an existing store) and everything below it.</summary>
    public StoreChanges(string folder)
    {
        _watcher = new FileSystemWatcher(folder)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.Size | NotifyFilters.LastWrite,
            InternalBufferSize = 64 * 1024,
        };
        _watcher.Created += Changed;
        _watcher.Changed += Changed;
        _watcher.Renamed += Changed;
        _watcher.Deleted += Changed;

        // A watcher whose buffer overflowed has lost events: waking the test is what every lost event would have done.
        _watcher.Error += Changed;
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>
    /// Completes at the next change after the previous call returned (at once if there were changes since), or after
    /// <paramref name="atMost"/> when none was seen.
    /// </summary>
    public async Task NextAsync(TimeSpan atMost, CancellationToken cancel)
    {
        await _changed.WaitAsync(atMost, cancel);

        // The changes since are seen by whatever the caller looks at now: one wake for all of them.
        while (_changed.Wait(0, CancellationToken.None))
        {
        }
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _changed.Dispose();
    }

    private void Changed(object sender, EventArgs e) => _changed.Release();
}
