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
        var copied = 0;
        var present = 0;
        var refused = new List<string>();
        foreach (var path in paths)
        {
            var relative = local.Relative(path);
            if (!SealedFolders.Contains(relative))
            {
                refused.Add($"{relative}: not uploaded: not a file inside {string.Join(", ", SealedFolders.Names.Select(n => n + "/"))}.");
                continue;
            }

            if (Damage(path) is { } damage)
            {
                refused.Add($"{relative}: not uploaded: {damage}");
                continue;
            }

            var key = location.KeyOf(relative);
            if (await objects.TryCreateAsync(key, path, cancellationToken).ConfigureAwait(false))
            {
                copied++;
            }
            else if (await SameBytesAsync(key, path, cancellationToken).ConfigureAwait(false))
            {
                present++;
            }
            else
            {
                refused.Add($"{relative}: not uploaded: {location} already holds '{key}' with different bytes; it was left as it is.");
            }
        }

        return new TransferResult(copied, present, refused);
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
        var copied = 0;
        var present = 0;
        var refused = new List<string>();
        foreach (var key in keys)
        {
            var relative = location.RelativePathOf(key);
            if (!SealedFolders.Contains(relative))
            {
                refused.Add($"'{key}' in {location}: not downloaded: its name is not a file path inside {string.Join(", ", SealedFolders.Names.Select(n => n + "/"))} (an empty, '.' or '..' segment, '\\' or ':').");
                continue;
            }

            var target = Path.Combine(local.Root, relative.Replace('/', Path.DirectorySeparatorChar));
            var outcome = await DownloadOneAsync(local, key, relative, target, cancellationToken).ConfigureAwait(false);
            switch (outcome)
            {
                case null:
                    copied++;
                    break;
                case "":
                    present++;
                    break;
                default:
                    refused.Add(outcome);
                    break;
            }
        }

        return new TransferResult(copied, present, refused);
    }

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
