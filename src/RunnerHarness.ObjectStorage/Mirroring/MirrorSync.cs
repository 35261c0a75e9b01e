using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Transfer;
using RunnerHarness.Store;

namespace RunnerHarness.ObjectStorage.Mirroring;

/// <summary>
/// Makes a mirror folder's copies of a URL store's sealed objects equal the store's listing: downloads what the mirror
/// lacks (each checked against the checksum in its name), and removes the copies (<see cref="MirrorManifest"/>) whose
/// objects are gone from the listing. Files the mirror holds that were never synced nor uploaded are left alone. The
/// caller holds the mirror's <see cref="MirrorLock"/>.
/// </summary>
internal sealed class MirrorSync(IObjectStore objects, StoreLocation location)
{
    /// <summary>Syncs the mirror <paramref name="mirror"/>.</summary>
    public async Task<MirrorSyncResult> SyncAsync(StoreLayout mirror, CancellationToken cancellationToken)
    {
        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in SealedFolders.Names)
        {
            await foreach (var entry in objects.ListEntriesAsync(location.KeyOf(folder + "/"), cancellationToken).ConfigureAwait(false))
            {
                var relative = location.RelativePathOf(entry.Key);
                listed[relative] = entry.ETag;
                keys[relative] = entry.Key;
            }
        }

        var manifest = MirrorManifest.Read(mirror.Root);

        // A synced copy whose object is listed is the object: sealed objects never change (their names carry their checksums).
        var wanted = keys
            .Where(pair => !(manifest.Contains(pair.Key) && File.Exists(Path.Combine(mirror.Root, pair.Key))))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .ToList();
        var refused = new List<string>();
        var downloaded = 0;
        var transfer = new StoreTransfer(objects, location);
        foreach (var (relative, key) in wanted)
        {
            var result = await transfer.DownloadKeysAsync(mirror, [key], cancellationToken).ConfigureAwait(false);
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
}
