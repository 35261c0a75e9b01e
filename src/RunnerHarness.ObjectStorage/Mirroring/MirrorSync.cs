using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Transfer;
using RunnerHarness.Store;

namespace RunnerHarness.ObjectStorage.Mirroring;

/// <summary>
/// Makes a mirror folder's copies of a URL store's sealed objects equal the store's listing: downloads what the mirror
/// lacks (each checked against the checksum in its name), and removes the copies (<see cref="MirrorManifest"/>) whose
/// objects are gone from the listing. Files the mirror holds that were never synced nor uploaded are left alone. The
/// caller holds the mirror's <see cref="MirrorLock"/>. The one way a mirror is synced: by every command of the CLI and by
/// every test host (which copies only the folders top-up planning reads, <paramref name="copiedFolders"/>).
/// </summary>
/// <param name="objects">The object store.</param>
/// <param name="location">The URL store in it.</param>
/// <param name="copiedFolders">
/// The sealed folders whose objects are downloaded; all of <see cref="SealedFolders.Names"/> when null. Every sealed folder
/// is listed whatever this is, so the listing (<see cref="MirrorSyncResult.Listed"/>) is the whole store's.
/// </param>
/// <remarks>
/// A compaction on another machine uploads its merged objects before it deletes their sources, so a listing made after
/// a source's deletion holds the merged object. The sync therefore lists again after downloading, and starts over when
/// an object it listed vanished before its download or the second listing differs: what it ends with is a listing that
/// did not change while it copied, never one that lacks both a source and its replacement.
/// </remarks>
internal sealed class MirrorSync(IObjectStore objects, StoreLocation location, IReadOnlyCollection<string>? copiedFolders = null)
{
    private readonly IReadOnlyCollection<string> _copied = copiedFolders ?? SealedFolders.Names;

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
        var downloaded = 0;
        for (var attempt = 1; ; attempt++)
        {
            refused.Clear();
            var vanished = 0;

            // A synced copy whose object is listed is the object: sealed objects never change (their names carry their checksums).
            var missing = listed.Keys
                .Where(r => _copied.Contains(r[..r.IndexOf('/', StringComparison.Ordinal)], StringComparer.Ordinal))
                .Where(r => !(manifest.Contains(r) && File.Exists(Path.Combine(mirror.Root, r))))
                .Order(StringComparer.Ordinal).ToList();
            var outcomes = new System.Collections.Concurrent.ConcurrentBag<(string Relative, TransferResult Result)>();

            // Several objects at once: a store of many small sealed files (one per test host and seal) is bound by round trips.
            await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = ParallelDownloads, CancellationToken = cancellationToken }, async (relative, token) =>
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
            foreach (var (relative, result) in outcomes.OrderBy(o => o.Relative, StringComparer.Ordinal))
            {
                if (result.Complete)
                {
                    manifest.Add(relative);
                    downloaded += result.Copied;
                }
                else
                {
                    refused.AddRange(result.Refused);
                }
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
        return new MirrorSyncResult(listed, downloaded, removed, refused);
    }

    /// <summary>The store's sealed objects: path relative to the store root, and ETag.</summary>
    private async Task<Dictionary<string, string>> ListAsync(CancellationToken cancellationToken)
    {
        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in SealedFolders.Names)
        {
            await foreach (var entry in objects.ListEntriesAsync(location.KeyOf(folder + "/"), cancellationToken).ConfigureAwait(false))
            {
                listed[location.RelativePathOf(entry.Key)] = entry.ETag;
            }
        }

        return listed;
    }
}
