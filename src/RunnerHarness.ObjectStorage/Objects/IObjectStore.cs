namespace RunnerHarness.ObjectStorage.Objects;

/// <summary>
/// The few operations a store needs from an object storage service. Keys are full object keys ('/'-separated); no
/// operation ever replaces an object, so a sealed file, once created, keeps its bytes.
/// </summary>
internal interface IObjectStore
{
    /// <summary>The keys of every object whose key starts with <paramref name="keyPrefix"/>, in no promised order.</summary>
    IAsyncEnumerable<string> ListAsync(string keyPrefix, CancellationToken cancellationToken);

    /// <summary>Copies the bytes of object <paramref name="key"/> into <paramref name="destination"/>.</summary>
    /// <exception cref="ObjectStoreException">The object does not exist or cannot be read.</exception>
    Task DownloadAsync(string key, Stream destination, CancellationToken cancellationToken);

    /// <summary>
    /// Creates object <paramref name="key"/> from the file at <paramref name="path"/> only if no object has that key
    /// (a conditional create, <c>If-None-Match: *</c>).
    /// </summary>
    /// <returns><see langword="true"/> when created; <see langword="false"/> when an object with the key exists (left as it is).</returns>
    Task<bool> TryCreateAsync(string key, string path, CancellationToken cancellationToken);

    /// <summary>
    /// Every object whose key starts with <paramref name="keyPrefix"/>, with the ETag it had when listed, in no promised
    /// order: what a command that replaces objects (compact, migrate) may later delete with <see cref="TryDeleteAsync"/>.
    /// </summary>
    IAsyncEnumerable<ObjectEntry> ListEntriesAsync(string keyPrefix, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes object <paramref name="key"/> only if it still has <paramref name="etag"/> (a conditional delete,
    /// <c>If-Match</c>), so that an object someone created or replaced after the listing is never deleted.
    /// </summary>
    /// <returns><see langword="true"/> when deleted; <see langword="false"/> when the object is gone or has another ETag (left as it is).</returns>
    Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken);
}
