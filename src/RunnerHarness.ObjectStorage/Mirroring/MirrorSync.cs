using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Transfer;
using RunnerHarness.Store;
using RunnerHarness.Store.Remote;
using RunnerHarness.Store.Summaries;

namespace RunnerHarness.ObjectStorage.Mirroring;

/// <summary>
/// Makes a mirror folder's copies of a URL store's sealed objects equal the store's listing: downloads what the mirror
/// lacks (each checked against the checksum in its name), and removes the copies (<see cref="MirrorManifest"/>) whose
/// objects are gone from the listing. Files the mirror holds that were never synced nor uploaded are left alone. The
/// caller holds the mirror's <see cref="MirrorLock"/>. The one way a mirror is synced: by every command of the CLI (all
/// of it) and by every test host (what top-up planning reads, <see cref="MirrorContent.Planning"/>). Every sync writes the
/// listed data objects and their lengths to the mirror's <see cref="MirrorDataListing"/>.
/// </summary>
/// <param name="objects">The object store.</param>
/// <param name="location">The URL store in it.</param>
/// <param name="content">What is downloaded. Every sealed folder is listed whatever this is, so the listing (<see cref="MirrorSyncResult.Listed"/>) is the whole store's.</param>
/// <remarks>
/// A compaction on another machine uploads its merged objects before it deletes their sources, so a listing made after
/// a source's deletion holds the merged object. The sync therefore lists again after downloading, and starts over when
/// an object it listed vanished before its download or the second listing differs: what it ends with is a listing that
/// did not change while it copied, never one that lacks both a source and its replacement.
/// </remarks>
internal sealed class MirrorSync(IObjectStore objects, StoreLocation location, MirrorContent content = MirrorContent.Everything)
{
    /// <summary>How many times a sync starts over while the store keeps changing under it before it gives up.</summary>
    public const int MaxAttempts = 8;

    /// <summary>How many objects a sync downloads at once.</summary>
    public const int ParallelDownloads = 8;

    /// <summary>Syncs the mirror <paramref name="mirror"/>.</summary>
    /// <exception cref="ObjectStoreException">The service failed a call, or the store changed under every one of <see cref="MaxAttempts"/> attempts.</exception>
    public async Task<MirrorSyncResult> SyncAsync(StoreLayout mirror, CancellationToken cancellationToken)
    {
        var manifest = MirrorManifest.Read(mirror.Root);
        var listed = await ListAsync(cancellationToken).ConfigureAwait(false);
        var refused = new List<string>();
        int downloaded = 0, dataDownloaded = 0;
        for (var attempt = 1; ; attempt++)
        {
            refused.Clear();

            // A synced copy whose object is listed is the object: sealed objects never change (their names carry their checksums).
            var missing = listed.Keys
                .Where(r => content == MirrorContent.Everything || r.StartsWith("summaries/", StringComparison.Ordinal))
                .Where(r => !Holds(mirror, manifest, r))
                .Order(StringComparer.Ordinal).ToList();
            var (copied, dataCopied, vanished) = await DownloadAsync(mirror, manifest, missing, refused, cancellationToken).ConfigureAwait(false);
            downloaded += copied;
            dataDownloaded += dataCopied;
            if (content == MirrorContent.Planning)
            {
                // Summaries first, then the data files no sound summary answers for: planning reads those records instead.
                var unsummarised = listed
                    .Where(o => o.Key.StartsWith("data/", StringComparison.Ordinal) && !Holds(mirror, manifest, o.Key) && !HasSoundSummary(mirror, o.Key, o.Value.Length))
                    .Select(o => o.Key).Order(StringComparer.Ordinal).ToList();
                var (data, _, dataVanished) = await DownloadAsync(mirror, manifest, unsummarised, refused, cancellationToken).ConfigureAwait(false);
                downloaded += data;
                dataDownloaded += data;
                vanished += dataVanished;
            }

            var again = await ListAsync(cancellationToken).ConfigureAwait(false);
            if (vanished == 0 && again.Count == listed.Count && again.Keys.All(listed.ContainsKey))
            {
                break;
            }

            if (attempt == MaxAttempts)
            {
                throw new ObjectStoreException($"{location} changed under each of {MaxAttempts} syncs in a row (objects deleted or added while they were copied); try again.");
            }

            listed = again;
        }

        // Objects another machine removed (compacted or migrated away): their copies go too, else records would linger twice.
        var removed = 0;
        foreach (var relative in manifest.Where(r => !listed.ContainsKey(r)).ToList())
        {
            var path = Path.Combine(mirror.Root, relative);
            if (File.Exists(path))
            {
                File.Delete(path);
                removed++;
            }

            manifest.Remove(relative);
        }

        MirrorManifest.Write(mirror.Root, manifest);
        var lengths = listed.ToDictionary(o => o.Key, o => o.Value.Length, StringComparer.Ordinal);
        MirrorDataListing.Write(mirror.Root, lengths.Where(o => o.Key.StartsWith("data/", StringComparison.Ordinal)));
        return new MirrorSyncResult(listed.ToDictionary(o => o.Key, o => o.Value.ETag, StringComparer.Ordinal), lengths, downloaded, dataDownloaded, removed, refused);
    }

    // Whether the mirror holds the sync's copy of the object at relative: a copy the manifest records and that is there.
    private static bool Holds(StoreLayout mirror, HashSet<string> manifest, string relative) =>
        manifest.Contains(relative) && File.Exists(Path.Combine(mirror.Root, relative));

    /// <summary>
    /// Whether the mirror holds a summary of the listed data object <paramref name="relative"/> that the summary reader
    /// trusts without the file's bytes: intact (its checksum), of the current layout, naming the file and its listed length.
    /// </summary>
    private static bool HasSoundSummary(StoreLayout mirror, string relative, long length)
    {
        if (length < 0 || relative.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            return false; // No length to check a summary against, or a name the listing cannot carry: planning reads the file.
        }

        var dataFile = Path.GetFullPath(Path.Combine(mirror.Root, relative));
        var directory = SegmentSummaryFile.DirectoryFor(mirror, Path.GetDirectoryName(dataFile)!);
        if (!Directory.Exists(directory))
        {
            return false;
        }

        var name = Path.GetFileName(dataFile);
        foreach (var summary in Directory.EnumerateFiles(directory, name + "*" + SegmentSummaryFile.Extension))
        {
            if (!SegmentChecksum.IsNameOf(Path.GetFileName(summary), name, SegmentSummaryFile.Extension))
            {
                continue;
            }

            try
            {
                if (SegmentSummaryFile.Read(summary, dataFile, length) is not null)
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is CorruptSegmentException or IOException or UnauthorizedAccessException)
            {
                // Damaged or unreadable: the data file is downloaded and read instead (the reader reports the summary).
            }
        }

        return false;
    }

    /// <summary>Downloads <paramref name="relatives"/>, several at once; each complete one goes into <paramref name="manifest"/>.</summary>
    /// <returns>How many were copied (and of them, data files), and how many vanished before their download (the store changed: the caller lists again).</returns>
    private async Task<(int Copied, int DataCopied, int Vanished)> DownloadAsync(StoreLayout mirror, HashSet<string> manifest, List<string> relatives, List<string> refused, CancellationToken cancellationToken)
    {
        var vanished = 0;
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<(string Relative, TransferResult Result)>();

        // Several objects at once: a store of many small sealed files (one per test host and seal) is bound by round trips.
        await Parallel.ForEachAsync(relatives, new ParallelOptions { MaxDegreeOfParallelism = ParallelDownloads, CancellationToken = cancellationToken }, async (relative, token) =>
        {
            try
            {
                outcomes.Add((relative, await new StoreTransfer(objects, location).DownloadKeysAsync(mirror, [location.KeyOf(relative)], token).ConfigureAwait(false)));
            }
            catch (ObjectStoreException e) when (e.NotFound)
            {
                Interlocked.Increment(ref vanished);
            }
        }).ConfigureAwait(false);
        int copied = 0, dataCopied = 0;
        foreach (var (relative, result) in outcomes.OrderBy(o => o.Relative, StringComparer.Ordinal))
        {
            if (result.Complete)
            {
                manifest.Add(relative);
                copied += result.Copied;
                dataCopied += relative.StartsWith("data/", StringComparison.Ordinal) ? result.Copied : 0;
            }
            else
            {
                refused.AddRange(result.Refused);
            }
        }

        return (copied, dataCopied, vanished);
    }

    /// <summary>The store's sealed objects: path relative to the store root, with ETag and length.</summary>
    private async Task<Dictionary<string, (string ETag, long Length)>> ListAsync(CancellationToken cancellationToken)
    {
        var listed = new Dictionary<string, (string ETag, long Length)>(StringComparer.Ordinal);
        foreach (var folder in SealedFolders.Names)
        {
            await foreach (var entry in objects.ListEntriesAsync(location.KeyOf(folder + "/"), cancellationToken).ConfigureAwait(false))
            {
                listed[location.RelativePathOf(entry.Key)] = (entry.ETag, entry.Length);
            }
        }

        return listed;
    }
}
