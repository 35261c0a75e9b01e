using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Transfer;
using RunnerHarness.Store;
using RunnerHarness.Store.Remote;

namespace RunnerHarness.ObjectStorage.Mirroring;

/// <summary>
/// Carries what a writing command (import, compact, migrate) did in a mirror to the URL store: first every sealed file
/// the store does not hold is uploaded with a conditional create; then, only if all of them are there, the objects the
/// command replaced are deleted: those the sync listed, whose copies were in the mirror when the command began and are
/// gone from it now, each with a conditional delete on the ETag it was listed with. An object a concurrent writer
/// created after the listing is never in that set. Last, a command that replaced objects deletes those of its own merged
/// objects that another machine's compaction of the same objects already holds record for record
/// (<see cref="RedundantOutputs"/>). The caller holds the mirror's <see cref="MirrorLock"/> from the sync on.
/// </summary>
internal sealed class MirrorPublish(IObjectStore objects, StoreLocation location)
{
    /// <summary>Publishes the changes of <paramref name="mirror"/> since <paramref name="synced"/>, when it held <paramref name="before"/> (relative paths of sealed files).</summary>
    public async Task<MirrorPublishResult> PublishAsync(StoreLayout mirror, MirrorSyncResult synced, IReadOnlySet<string> before, CancellationToken cancellationToken)
    {
        var manifest = MirrorManifest.Read(mirror.Root);
        var after = SealedFolders.FilesOf(mirror);
        var transfer = new StoreTransfer(objects, location);
        var uploaded = new HashSet<string>(StringComparer.Ordinal);
        var refused = new List<string>();

        // Proven this command's to delete: listed by its own sync, in the mirror when it began, replaced (removed) by it.
        var replaced = synced.Listed.Where(o => before.Contains(o.Key) && !after.ContainsKey(o.Key)).OrderBy(o => o.Key, StringComparer.Ordinal).ToList();

        // What another compaction had merged before this one uploads: the only objects that may prove one of its outputs redundant.
        var redundancy = new RedundantOutputs(objects, location);
        var fence = replaced.Count > 0 ? await redundancy.ListMergedAsync(cancellationToken).ConfigureAwait(false) : new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (relative, path) in after.Where(f => !synced.Listed.ContainsKey(f.Key) && !manifest.Contains(f.Key)))
        {
            var result = await transfer.UploadFilesAsync(mirror, [path], cancellationToken).ConfigureAwait(false);
            if (result.Complete)
            {
                uploaded.Add(relative);
                manifest.Add(relative);
            }
            else
            {
                refused.AddRange(result.Refused);
            }
        }

        int deleted = 0, gone = 0;
        IReadOnlyList<string> redundant = [];
        if (refused.Count == 0)
        {
            foreach (var (relative, etag) in replaced)
            {
                if (await objects.TryDeleteAsync(location.KeyOf(relative), etag, cancellationToken).ConfigureAwait(false))
                {
                    deleted++;
                }
                else
                {
                    gone++;
                }

                manifest.Remove(relative);
            }

            // Another compaction of the same objects on another machine: its outputs, complete before this one's uploads, may hold all of them.
            if (replaced.Count > 0)
            {
                try
                {
                    redundant = await redundancy.RemoveAsync(mirror, manifest, uploaded, fence, synced.Listed, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    // Uploads and deletions done so far are recorded even when a call of the check fails.
                    MirrorManifest.Write(mirror.Root, manifest);
                }
            }
        }

        MirrorManifest.Write(mirror.Root, manifest);

        // A data file the command replaced is no longer the store's: a planning reader must not count it from the listing.
        var listing = MirrorDataListing.Read(mirror.Root);
        MirrorDataListing.Write(mirror.Root, listing.Where(f => !(before.Contains(f.Key) && !after.ContainsKey(f.Key)) && !redundant.Contains(f.Key)));
        return new MirrorPublishResult(uploaded.Count, deleted, gone, redundant.Count, refused);
    }
}
