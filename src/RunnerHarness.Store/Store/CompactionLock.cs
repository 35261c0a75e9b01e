namespace RunnerHarness.Store;

/// <summary>
/// <c>compact.lock</c> at the store's root, held open exclusively while a compaction or migration runs, and while a failed bulk
/// write removes the files it sealed (<see cref="BulkWriteUndo"/>): whoever holds it may delete sealed files under <c>data/</c>.
/// The operating system releases it when the holder's process ends, so a killed holder leaves nothing to clean up.
/// </summary>
internal static class CompactionLock
{
    /// <summary>The lock file's name at the store's root.</summary>
    public const string FileName = "compact.lock";

    /// <summary>Takes the lock, or says that another compaction holds it.</summary>
    /// <exception cref="StoreWriteException">Another compaction or migration holds the lock, or the store cannot be written.</exception>
    public static FileStream Acquire(StoreLayout layout) =>
        TryAcquire(layout)
        ?? throw new StoreWriteException($"Another compaction or migration of the store {layout.Root} is running (it holds {FileName}); try again when it ends.");

    /// <summary>Takes the lock if no one else holds it.</summary>
    /// <returns>The held lock (dispose it to release), or <see langword="null"/> when another compaction holds it.</returns>
    /// <exception cref="StoreWriteException">The lock file is a link, or the store cannot be written.</exception>
    public static FileStream? TryAcquire(StoreLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var path = Path.Combine(layout.Root, FileName);
        if (StoreLinks.IsLink(path))
        {
            throw new StoreWriteException($"{path} is a symbolic link; the store never writes through a link out of itself. Remove the link (no compaction runs without its own lock file).");
        }

        try
        {
            Directory.CreateDirectory(layout.Root);
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreWriteException($"The store {layout.Root} cannot be written: {ex.Message}", ex);
        }
    }
}
