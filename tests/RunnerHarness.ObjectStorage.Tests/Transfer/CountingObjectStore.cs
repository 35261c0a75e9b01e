using System.Collections.Concurrent;
using RunnerHarness.ObjectStorage.Objects;

namespace RunnerHarness.ObjectStorage.Tests.Transfer;

/// <summary>A real object store (an emulator's) that notes every object downloaded from it and the bytes each carried.</summary>
internal sealed class CountingObjectStore(IObjectStore inner) : IObjectStore
{
    private readonly ConcurrentQueue<(string Key, long Bytes)> _downloads = new();

    /// <summary>Every download so far: the object's key and how many bytes it carried.</summary>
    public IReadOnlyList<(string Key, long Bytes)> Downloads => [.. _downloads];

    public IAsyncEnumerable<string> ListAsync(string keyPrefix, CancellationToken cancellationToken) => inner.ListAsync(keyPrefix, cancellationToken);

    public async Task DownloadAsync(string key, Stream destination, CancellationToken cancellationToken)
    {
        var before = destination.CanSeek ? destination.Position : 0;
        await inner.DownloadAsync(key, destination, cancellationToken);
        _downloads.Enqueue((key, destination.CanSeek ? destination.Position - before : -1));
    }

    public Task<bool> TryCreateAsync(string key, string path, CancellationToken cancellationToken) => inner.TryCreateAsync(key, path, cancellationToken);

    public IAsyncEnumerable<ObjectEntry> ListEntriesAsync(string keyPrefix, CancellationToken cancellationToken) => inner.ListEntriesAsync(keyPrefix, cancellationToken);

    public Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken) => inner.TryDeleteAsync(key, etag, cancellationToken);
}
