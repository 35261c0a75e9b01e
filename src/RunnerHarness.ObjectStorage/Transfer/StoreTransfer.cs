using System.Security.Cryptography;
using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.Store;

namespace RunnerHarness.ObjectStorage.Transfer;

/// <summary>
/// Copies the sealed files of a store (<see cref="SealedFolders"/>) between a local store and a URL store, in either
/// direction. Every file with a checksum in its name is checked before it is written anywhere; nothing that exists at
/// the destination is replaced: a file or object with the same bytes counts as present, one with different bytes is
/// refused and reported. Objects are created with a conditional create (<c>If-None-Match: *</c>) so that a concurrent
/// writer's object is never overwritten; downloads land in the local store's <c>tmp/</c> and are renamed into place
/// only once checked, so a reader never sees part of a file.
/// </summary>
internal sealed class StoreTransfer(IObjectStore objects, StoreLocation location)
{
    /// <summary>Copies the sealed files of the local store <paramref name="local"/> to the URL store.</summary>
    public async Task<TransferResult> UploadAsync(StoreLayout local, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        var links = new List<string>();
        foreach (var folder in SealedFolders.Names)
        {
            var listing = local.List(Path.Combine(local.Root, folder));
            links.AddRange(listing.Links.Select(link => link.ToString()));
            files.AddRange(listing.Files);
        }

        var result = await UploadFilesAsync(local, files, cancellationToken).ConfigureAwait(false);
        return result with { Refused = [.. links, .. result.Refused] };
    }

    /// <summary>
    /// Copies the sealed files <paramref name="paths"/> (full paths inside a sealed folder of <paramref name="local"/>) to the
    /// URL store, with the same checks and conditional creates as <see cref="UploadAsync"/>: what a command that wrote a
    /// few new files into a mirror uploads.
    /// </summary>
    public async Task<TransferResult> UploadFilesAsync(StoreLayout local, IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var outcomes = new List<string?>();
        foreach (var path in paths)
        {
            outcomes.Add(await UploadFileAsync(local, path, cancellationToken).ConfigureAwait(false));
        }

        return Tally(outcomes);
    }

    /// <summary>Uploads one sealed file of the local store <paramref name="local"/> (checked first, created only if absent).</summary>
    /// <returns><see langword="null"/> when created, "" when the URL store holds the same bytes, else why it was not uploaded.</returns>
    /// <exception cref="ObjectStoreException">The service refused or failed a call.</exception>
    public async Task<string?> UploadFileAsync(StoreLayout local, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(local);
        var relative = local.Relative(path);
        if (!SealedFolders.Contains(relative))
        {
            return $"{relative}: not uploaded: not a file inside {string.Join(", ", SealedFolders.Names.Select(n => n + "/"))}.";
        }

        if (Damage(path) is { } damage)
        {
            return $"{relative}: not uploaded: {damage}";
        }

        var key = location.KeyOf(relative);
        if (await objects.TryCreateAsync(key, path, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return await SameBytesAsync(key, path, cancellationToken).ConfigureAwait(false)
            ? string.Empty
            : $"{relative}: not uploaded: {location} already holds '{key}' with different bytes; it was left as it is.";
    }

    /// <summary>Copies the sealed files of the URL store into the local store <paramref name="local"/>.</summary>
    public async Task<TransferResult> DownloadAsync(StoreLayout local, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        foreach (var folder in SealedFolders.Names)
        {
            await foreach (var key in objects.ListAsync(location.KeyOf(folder + "/"), cancellationToken).ConfigureAwait(false))
            {
                keys.Add(key);
            }
        }

        keys.Sort(StringComparer.Ordinal);
        return await DownloadKeysAsync(local, keys, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Copies the objects <paramref name="keys"/> (full keys under the store's prefix) into the local store
    /// <paramref name="local"/>, with the same checks as <see cref="DownloadAsync"/>: what a mirror's sync fetches of a
    /// listing it has already made.
    /// </summary>
    public async Task<TransferResult> DownloadKeysAsync(StoreLayout local, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var outcomes = new List<string?>();
        foreach (var key in keys)
        {
            outcomes.Add(await DownloadFileAsync(local, location.RelativePathOf(key), cancellationToken).ConfigureAwait(false));
        }

        return Tally(outcomes);
    }

    /// <summary>
    /// Downloads the object of <paramref name="relative"/> (a path under the store root, '/'-separated, inside a sealed
    /// folder) into the local store <paramref name="local"/>, checked and renamed into place.
    /// </summary>
    /// <returns><see langword="null"/> when copied, "" when the local file has the same bytes, else why it was refused.</returns>
    /// <exception cref="ObjectStoreException">The service refused or failed a call.</exception>
    public Task<string?> DownloadFileAsync(StoreLayout local, string relative, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(local);
        if (!SealedFolders.Contains(relative))
        {
            return Task.FromResult<string?>($"'{location.KeyOf(relative)}' in {location}: not downloaded: its name is not a file path inside {string.Join(", ", SealedFolders.Names.Select(n => n + "/"))} (an empty, '.' or '..' segment, '\\' or ':').");
        }

        var target = Path.Combine(local.Root, relative.Replace('/', Path.DirectorySeparatorChar));
        return DownloadOneAsync(local, location.KeyOf(relative), relative, target, cancellationToken);
    }

    // Each outcome: null when copied, "" when already present with the same bytes, else why it was refused.
    private static TransferResult Tally(IReadOnlyList<string?> outcomes) =>
        new(outcomes.Count(o => o is null), outcomes.Count(o => o is { Length: 0 }), [.. outcomes.OfType<string>().Where(o => o.Length > 0)]);

    /// <returns><see langword="null"/> when copied, "" when the local file has the same bytes, else why it was refused.</returns>
    private async Task<string?> DownloadOneAsync(StoreLayout local, string key, string relative, string target, CancellationToken cancellationToken)
    {
        if (StoreLinks.LinkOnTheWay(local, Path.GetDirectoryName(target)!) is { } link)
        {
            return $"{relative}: not downloaded: {local.Relative(link)} is a link, which the store never follows.";
        }

        Directory.CreateDirectory(local.TempDirectory);
        var temporary = TemporaryFiles.NewPath(local, Path.GetExtension(target));
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                await objects.DownloadAsync(key, file, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            if (SegmentChecksum.Expected(relative) is { } expected && SegmentChecksum.Compute(temporary) is var actual && actual != expected)
            {
                return $"{relative}: not downloaded: the bytes of '{key}' in {location} do not match the checksum in its name (content {actual}, name {expected}).";
            }

            if (File.Exists(target) || Directory.Exists(target))
            {
                return File.Exists(target) && !StoreLinks.IsLink(new FileInfo(target)) && SameFileBytes(target, temporary)
                    ? string.Empty
                    : $"{relative}: not downloaded: the local store already holds it with different bytes; it was left as it is.";
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                File.Move(temporary, target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                // Another copy placed the file between the check and the move: compare with what it placed.
                return SameFileBytes(target, temporary) ? string.Empty : $"{relative}: not downloaded: another writer placed different bytes there first; they were left as they are.";
            }

            return null;
        }
        catch (CorruptSegmentException e)
        {
            return $"{relative}: not downloaded: {e.Message}";
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private async Task<bool> SameBytesAsync(string key, string path, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var sink = new HashingStream(hash))
        {
            await objects.DownloadAsync(key, sink, cancellationToken).ConfigureAwait(false);
        }

        return hash.GetHashAndReset().AsSpan().SequenceEqual(FileHash(path));
    }

    private static bool SameFileBytes(string left, string right) => FileHash(left).AsSpan().SequenceEqual(FileHash(right));

    private static byte[] FileHash(string path)
    {
        using var stream = File.OpenRead(path);
        return SHA256.HashData(stream);
    }

    /// <summary>Why the sealed file at <paramref name="path"/> must not be copied, or <see langword="null"/>.</summary>
    private static string? Damage(string path)
    {
        try
        {
            SegmentChecksum.Verify(path);
            return null;
        }
        catch (CorruptSegmentException e)
        {
            return e.Message;
        }
    }
}
