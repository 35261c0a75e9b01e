namespace RunnerHarness.Store;

/// <summary>
/// A seal renamed its file into place, then could not flush a directory to make the rename durable. The file is whole and
/// named by its checksum, and it stays where it is: whether the rename survives a machine crash is unknown, which says nothing
/// against the file. Only the caller knows whether it is its own to remove (<see cref="SealQueue"/> lists it with the files
/// sealed, so a failed bulk write removes it under <c>compact.lock</c>, and a failed compaction, which holds that lock, with
/// its other outputs); a live writer's log, which holds the same records, stays for recovery, which finds the file sealed.
/// </summary>
internal sealed class UnflushedSealException : IOException
{
    /// <summary>The flush failure <paramref name="flushFailure"/> after <paramref name="sealedFile"/> was renamed into place.</summary>
    public UnflushedSealException(string sealedFile, IOException flushFailure)
        : base($"{flushFailure?.Message} ({sealedFile} had been renamed into place; whether that rename survives a machine crash is unknown)", flushFailure)
    {
        SealedFile = sealedFile;
    }

    /// <summary>The file renamed into place before the flush failed.</summary>
    public string SealedFile { get; }
}
