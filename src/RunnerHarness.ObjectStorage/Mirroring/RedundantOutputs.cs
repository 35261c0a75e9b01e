using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Transfer;
using RunnerHarness.Store;
using RunnerHarness.Store.Summaries;
using RunnerHarness.Store.Transcripts;

namespace RunnerHarness.ObjectStorage.Mirroring;

/// <summary>
/// Removes the merged objects a compaction or migration just published that another command's merged objects already
/// hold, record for record (two compactions of the same objects on two machines at once): only this command's own
/// objects, only when every record (or transcript row) of one is held with the same content by merged objects that were
/// complete in the store <b>before this command began its uploads</b> (the fence listing) and are still listed after
/// they were read. That "earlier" relation is the tie-break: of two such outputs only the later one can remove itself,
/// never both, so a record is always held by a listed object. Outputs whose uploads overlapped in time are both kept
/// (counted once by readers) until a later compaction merges them.
/// </summary>
internal sealed class RedundantOutputs(IObjectStore objects, StoreLocation location)
{
    /// <summary>The folders where compaction and migration write merged objects: the only ones this compares.</summary>
    private static readonly string[] MergedFolders = ["data/compacted/", "transcripts/compacted/"];

    /// <summary>Whether <paramref name="relative"/> is a merged object (of a compaction or migration).</summary>
    public static bool IsMerged(string relative) => MergedFolders.Any(f => relative.StartsWith(f, StringComparison.Ordinal));

    /// <summary>The store's merged objects now (path relative to the store root, with ETag): the fence a publish lists before it uploads.</summary>
    public async Task<Dictionary<string, string>> ListMergedAsync(CancellationToken cancellationToken)
    {
        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in MergedFolders)
        {
            await foreach (var entry in objects.ListEntriesAsync(location.KeyOf(folder), cancellationToken).ConfigureAwait(false))
            {
                listed[location.RelativePathOf(entry.Key)] = entry.ETag;
            }
        }

        return listed;
    }

    /// <summary>
    /// Deletes each of <paramref name="own"/> (merged objects this command uploaded from <paramref name="mirror"/>) whose
    /// records are all held by merged objects of <paramref name="fence"/> that this command's sync did not list
    /// (<paramref name="synced"/>), with its summaries this command uploaded; removes them from the mirror and
    /// <paramref name="manifest"/>, and keeps the copies of the objects it read there.
    /// </summary>
    /// <returns>The relative paths of the objects deleted.</returns>
    public async Task<IReadOnlyList<string>> RemoveAsync(StoreLayout mirror, HashSet<string> manifest, IReadOnlySet<string> own, IReadOnlyDictionary<string, string> fence, IReadOnlyDictionary<string, string> synced, CancellationToken cancellationToken)
    {
        var outputs = own.Where(IsMerged).Order(StringComparer.Ordinal).ToList();
        var others = fence.Keys.Where(k => !synced.ContainsKey(k) && !own.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var removed = new List<string>();
        if (outputs.Count == 0 || others.Count == 0)
        {
            return removed;
        }

        // The other merged objects' contents, read from the mirror's copies (downloaded, checked against their names).
        var held = new Dictionary<string, HashSet<UInt128>>(StringComparer.Ordinal);
        var transfer = new StoreTransfer(objects, location);
        foreach (var other in others)
        {
            try
            {
                var refusal = await transfer.DownloadFileAsync(mirror, other, cancellationToken).ConfigureAwait(false);
                if (refusal is { Length: > 0 })
                {
                    continue; // Not proven to be what its name says: it proves nothing.
                }
            }
            catch (ObjectStoreException e) when (e.NotFound)
            {
                continue; // Merged away or removed since the fence: its records are elsewhere, and it proves nothing now.
            }

            manifest.Add(other);
            if (ContentOf(mirror, other) is { } content)
            {
                held[other] = content;
            }
        }

        foreach (var output in outputs)
        {
            var content = ContentOf(mirror, output);
            var folder = output[..(output.IndexOf('/', StringComparison.Ordinal) + 1)];
            var holders = held.Where(h => h.Key.StartsWith(folder, StringComparison.Ordinal)).ToList();
            if (content is not { Count: > 0 } || holders.Count == 0 || !content.All(c => holders.Any(h => h.Value.Contains(c))))
            {
                continue;
            }

            // The holders must still be listed now, just before the deletion (each deleted later only once its records are held elsewhere).
            var now = await ListMergedAsync(cancellationToken).ConfigureAwait(false);
            var listed = holders.Where(h => now.ContainsKey(h.Key)).ToList();
            if (!content.All(c => listed.Any(h => h.Value.Contains(c))) || !now.TryGetValue(output, out var etag))
            {
                continue;
            }

            if (await objects.TryDeleteAsync(location.KeyOf(output), etag, cancellationToken).ConfigureAwait(false))
            {
                removed.Add(output);
            }

            RemoveFromMirror(mirror, manifest, output);
            foreach (var summary in own.Where(s => IsSummaryOf(s, output)))
            {
                if (await DeleteOwnAsync(summary, cancellationToken).ConfigureAwait(false))
                {
                    removed.Add(summary);
                }

                RemoveFromMirror(mirror, manifest, summary);
            }
        }

        return removed;
    }

    // Deletes the object at relative, which this command uploaded, on the ETag a listing gives it now.
    private async Task<bool> DeleteOwnAsync(string relative, CancellationToken cancellationToken)
    {
        var key = location.KeyOf(relative);
        await foreach (var entry in objects.ListEntriesAsync(key, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Key == key)
            {
                return await objects.TryDeleteAsync(entry.Key, entry.ETag, cancellationToken).ConfigureAwait(false);
            }
        }

        return false;
    }

    private static void RemoveFromMirror(StoreLayout mirror, HashSet<string> manifest, string relative)
    {
        var path = Path.Combine(mirror.Root, relative.Replace('/', Path.DirectorySeparatorChar));
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        manifest.Remove(relative);
    }

    // Whether the summary at relative (summaries/<dir>/<file>.sha256_<hex>.summary) is of the data object dataRelative (data/<dir>/<file>).
    private static bool IsSummaryOf(string relative, string dataRelative)
    {
        const string data = "data/", summaries = "summaries/";
        if (!dataRelative.StartsWith(data, StringComparison.Ordinal) || !relative.StartsWith(summaries, StringComparison.Ordinal))
        {
            return false;
        }

        var inData = dataRelative[data.Length..];
        var inSummaries = relative[summaries.Length..];
        var directory = inData.LastIndexOf('/');
        var stem = inData[(directory + 1)..];
        return inSummaries.StartsWith(inData[..(directory + 1)], StringComparison.Ordinal)
            && inSummaries.LastIndexOf('/') == directory
            && SegmentChecksum.IsNameOf(inSummaries[(directory + 1)..], stem, SegmentSummaryFile.Extension);
    }

    /// <summary>A 128-bit hash of each record's (or transcript row's) canonical JSON line in the mirror's copy of <paramref name="relative"/>; <see langword="null"/> when any part of it cannot be read.</summary>
    private static HashSet<UInt128>? ContentOf(StoreLayout mirror, string relative)
    {
        var path = Path.Combine(mirror.Root, relative.Replace('/', Path.DirectorySeparatorChar));
        var damaged = false;
        var line = new ArrayBufferWriter<byte>(4096);
        var content = new HashSet<UInt128>();
        try
        {
            if (relative.StartsWith("transcripts/", StringComparison.Ordinal))
            {
                foreach (var row in TranscriptFiles.ReadSealed(path, _ => damaged = true))
                {
                    line.ResetWrittenCount();
                    TranscriptJsonLines.WriteLine(row, line);
                    content.Add(BinaryPrimitives.ReadUInt128LittleEndian(SHA256.HashData(line.WrittenSpan)));
                }
            }
            else if (SegmentChecksum.Verify(path) && SegmentFormats.ReaderFor(path) is { } reader)
            {
                foreach (var record in reader.Read(path, RecordProjection.All, _ => damaged = true))
                {
                    content.Add(StoreFingerprint.DigestOf(record, line));
                }
            }
            else
            {
                damaged = true;
            }
        }
        catch (Exception e) when (e is CorruptSegmentException or IOException or UnauthorizedAccessException)
        {
            damaged = true;
        }

        return damaged ? null : content;
    }
}
