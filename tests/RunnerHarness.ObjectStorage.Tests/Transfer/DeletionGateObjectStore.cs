using RunnerHarness.ObjectStorage.Objects;

namespace RunnerHarness.ObjectStorage.Tests.Transfer;

/// <summary>
/// An object store whose first conditional delete waits for <see cref="Release"/>, after signalling <see cref="Reached"/>:
/// a command's uploads are done and its deletions not begun, so a test can run another machine's command in between.
/// </summary>
internal sealed class DeletionGateObjectStore(IObjectStore inner) : IObjectStore
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first delete is called.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Lets the first delete (and every later one) go ahead.</summary>
    public void Release() => _released.TrySetResult();

    public IAsyncEnumerable<string> ListAsync(string keyPrefix, CancellationToken cancellationToken) => inner.ListAsync(keyPrefix, cancellationToken);

    public Task DownloadAsync(string key, Stream destination, CancellationToken cancellationToken) => inner.DownloadAsync(key, destination, cancellationToken);

    public Task<bool> TryCreateAsync(string key, string path, CancellationToken cancellationToken) => inner.TryCreateAsync(key, path, cancellationToken);

    public IAsyncEnumerable<ObjectEntry> ListEntriesAsync(string keyPrefix, CancellationToken cancellationToken) => inner.ListEntriesAsync(keyPrefix, cancellationToken);

    public async Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken)
    {
        _reached.TrySetResult();
        await _released.Task.WaitAsync(cancellationToken);
        return await inner.TryDeleteAsync(key, etag, cancellationToken);
    }
}
