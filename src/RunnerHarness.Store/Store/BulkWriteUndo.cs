namespace RunnerHarness.Store;

/// <summary>
/// Removes the files a failed bulk write sealed, holding <c>compact.lock</c> (<see cref="CompactionLock"/>) so that no compaction
/// merges or reads them meanwhile. A compaction that ran between the failure and the clean-up may already have merged one into
/// <c>data/compacted/</c> and removed it: such a file is not the write's own any more, its records stay in the store, and the
/// outcome says so. When the lock cannot be had within the bound, nothing is removed and the files are named.
/// </summary>
internal sealed class BulkWriteUndo
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly StoreLayout _layout;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _lockTimeout;

    /// <summary>Creates the clean-up of a failed bulk write into <paramref name="layout"/>.</summary>
    /// <param name="layout">The store.</param>
    /// <param name="clock">The clock the wait for <c>compact.lock</c> is measured and paced by.</param>
    /// <param name="lockTimeout">How long to wait for a running compaction to release <c>compact.lock</c>.</param>
    public BulkWriteUndo(StoreLayout layout, TimeProvider clock, TimeSpan lockTimeout)
    {
        _layout = layout ?? throw new ArgumentNullException(nameof(layout));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        ArgumentOutOfRangeException.ThrowIfLessThan(lockTimeout, TimeSpan.Zero);
        _lockTimeout = lockTimeout;
    }

    /// <summary>
    /// The merged files under <c>data/compacted/</c>, listed before a write seals anything: a compaction that later merges one of
    /// its files writes the merged files not in this list.
    /// </summary>
    public static HashSet<string> CompactedFiles(StoreLayout layout) =>
        Directory.Exists(layout.CompactedDirectory)
            ? Directory.EnumerateFiles(layout.CompactedDirectory).Where(f => SegmentFormats.ReaderFor(f) is not null).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Removes <paramref name="sealedFiles"/> and <paramref name="sealedTranscripts"/> where they are still the write's own.</summary>
    /// <param name="sealedFiles">The record files the write sealed into <c>data/runs/</c>.</param>
    /// <param name="sealedTranscripts">The transcript files it sealed.</param>
    /// <param name="compactedBefore">The write's <see cref="CompactedFiles"/>, listed before it sealed anything.</param>
    /// <returns>What the clean-up did, as a sentence for the write's error; <c>Undone</c> when nothing of the write stays in the store.</returns>
    public (string Outcome, bool Undone) Undo(IReadOnlyList<string> sealedFiles, IReadOnlyList<string> sealedTranscripts, IReadOnlySet<string> compactedBefore)
    {
        ArgumentNullException.ThrowIfNull(sealedFiles);
        ArgumentNullException.ThrowIfNull(sealedTranscripts);
        ArgumentNullException.ThrowIfNull(compactedBefore);
        if (sealedFiles.Count == 0 && sealedTranscripts.Count == 0)
        {
            return ("The 0 file(s) this write had sealed were removed again", true);
        }

        FileStream? held;
        try
        {
            held = WaitForLock();
        }
        catch (StoreWriteException ex)
        {
            return (Left(sealedFiles, sealedTranscripts, $"{CompactionLock.FileName} could not be taken ({ex.Message})"), false);
        }

        if (held is null)
        {
            return (Left(sealedFiles, sealedTranscripts, $"a compaction of the store held {CompactionLock.FileName} for longer than {_lockTimeout}"), false);
        }

        var merged = new List<string>();
        var left = new List<string>();
        using (held)
        {
            foreach (var file in sealedFiles)
            {
                // Under the lock only a compaction deletes sealed files; one gone from its place was merged by a compaction before this.
                if (!File.Exists(file))
                {
                    merged.Add(file);
                    continue;
                }

                try
                {
                    SegmentSealer.Remove(_layout, file);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // The failure being thrown is the one to report; a whole file left behind holds records of the input, deduplicated by id.
                }

                if (File.Exists(file))
                {
                    left.Add(file);
                }
            }

            foreach (var file in sealedTranscripts)
            {
                try
                {
                    // A transcript file a compaction merged is gone already, and its removal a no-op.
                    StoreLinks.DeleteOwnFile(_layout, file);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // As above: a whole transcript file keyed by the input's record ids.
                }
            }
        }

        return (Outcome(sealedFiles.Count, merged, left, compactedBefore), merged.Count == 0 && left.Count == 0);
    }

    // Says what the removal did, not what it meant to do: a file merged or left is named.
    private string Outcome(int sealedCount, List<string> merged, List<string> left, IReadOnlySet<string> compactedBefore)
    {
        if (merged.Count == 0 && left.Count == 0)
        {
            return $"The {sealedCount} file(s) this write had sealed were removed again";
        }

        var parts = new List<string>();
        if (merged.Count > 0)
        {
            var written = CompactedFiles(_layout).Where(f => !compactedBefore.Contains(f)).Order(StringComparer.Ordinal).Select(_layout.Relative).ToList();
            var into = written.Count > 0 ? string.Join(", ", written) : _layout.Relative(_layout.CompactedDirectory);
            parts.Add($"{merged.Count} had already been merged by a compaction ({string.Join(", ", merged.Select(_layout.Relative))}): their records stay in the store, in {into}, and count once by id, so writing the input again adds none of them twice");
        }

        if (left.Count > 0)
        {
            parts.Add($"{left.Count} could not be removed ({string.Join(", ", left)}): each is whole and repeats records of the input, which readers count once by id; remove them");
        }

        if (sealedCount - merged.Count - left.Count is var removed and > 0)
        {
            parts.Add($"{removed} were removed again");
        }

        return $"Of the {sealedCount} file(s) this write had sealed, {string.Join("; ", parts)}";
    }

    private string Left(IReadOnlyList<string> sealedFiles, IReadOnlyList<string> sealedTranscripts, string because) =>
        $"The {sealedFiles.Count} file(s) and {sealedTranscripts.Count} transcript file(s) this write had sealed were left in place, because {because} " +
        $"({string.Join(", ", sealedFiles.Concat(sealedTranscripts).Select(_layout.Relative))}): each is whole and holds records of the input, which readers count once by id, so writing the input again adds none of them twice";

    // Polls rather than blocks on the lock: a compaction holds it for its whole run, and the wait must end at the bound.
    private FileStream? WaitForLock()
    {
        var deadline = _clock.GetUtcNow() + _lockTimeout;
        while (true)
        {
            if (CompactionLock.TryAcquire(_layout) is { } held)
            {
                return held;
            }

            var remaining = deadline - _clock.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            using var elapsed = new ManualResetEventSlim();
            using (_clock.CreateTimer(_ => elapsed.Set(), null, remaining < PollInterval ? remaining : PollInterval, Timeout.InfiniteTimeSpan))
            {
                elapsed.Wait();
            }
        }
    }
}
