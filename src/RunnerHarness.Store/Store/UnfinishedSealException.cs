namespace RunnerHarness.Store;

/// <summary>
/// A seal renamed its file into place, then could not finish: a directory flush that makes the rename durable failed, or the
/// file's summary could not be written. The file is whole and named by its checksum, and it stays where it is: a failed flush
/// says only that the rename may not survive a machine crash, a missing summary only that readers read the file in full, and
/// a compaction may have listed the file since the rename, so no one without <c>compact.lock</c> may delete it. Only the caller
/// knows whether it is its own to remove (<see cref="SealQueue"/> lists it with the files sealed, so a failed bulk write removes
/// it under <c>compact.lock</c>, and a failed compaction, which holds that lock, with its other outputs); a live writer's log,
/// which holds the same records, stays for recovery, which finds the file sealed.
/// </summary>
internal sealed class UnfinishedSealException : IOException
{
    /// <summary>The failure <paramref name="cause"/> after <paramref name="sealedFile"/> was renamed into place; <paramref name="consequence"/> says what it leaves unknown or undone.</summary>
    private UnfinishedSealException(string sealedFile, Exception cause, string consequence)
        : base($"{cause.Message} ({sealedFile} had been renamed into place; {consequence})", cause)
    {
        SealedFile = sealedFile;
    }

    /// <summary>The file renamed into place before the seal failed.</summary>
    public string SealedFile { get; }

    /// <summary><paramref name="flushFailure"/>, a directory flush after <paramref name="sealedFile"/> was renamed into place.</summary>
    public static UnfinishedSealException Unflushed(string sealedFile, IOException flushFailure) =>
        new(sealedFile, flushFailure, "whether that rename survives a machine crash is unknown");

    /// <summary><paramref name="summaryFailure"/>, the write of the summary of <paramref name="sealedFile"/>, renamed into place before it.</summary>
    public static UnfinishedSealException WithoutSummary(string sealedFile, Exception summaryFailure) =>
        new(sealedFile, summaryFailure, "its summary could not be written");
}
