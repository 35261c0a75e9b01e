using RunnerHarness.Store;

namespace RunnerHarness.ObjectStorage.Transfer;

/// <summary>
/// The folders of a store whose files are sealed (complete when they appear, never changed): what a copy between
/// stores carries. Write-ahead logs (<c>wal/</c>), <c>tmp/</c> and lock files belong to the machine that writes them.
/// </summary>
internal static class SealedFolders
{
    /// <summary>Sealed records, sealed transcripts, and the summaries of sealed files (each checksummed in its name).</summary>
    public static IReadOnlyList<string> Names { get; } = ["data", "transcripts", "summaries"];

    /// <summary>
    /// Whether <paramref name="relativePath"/> ('/'-separated) is a file inside a sealed folder and nothing else: no
    /// empty, '.' or '..' segment, no '\' or ':' (an object key is chosen by whoever wrote the bucket, and must never
    /// name a file outside the local store).
    /// </summary>
    public static bool Contains(string relativePath)
    {
        var parts = relativePath.Split('/');
        return parts.Length >= 2
            && Names.Contains(parts[0], StringComparer.Ordinal)
            && parts.All(part => part.Length > 0 && part is not ("." or "..") && part.IndexOfAny(['\\', ':', '\0']) < 0);
    }

    /// <summary>The sealed files of <paramref name="local"/>: each one's path relative to the root ('/'-separated) and its full path. Links are not followed nor listed.</summary>
    public static IReadOnlyDictionary<string, string> FilesOf(StoreLayout local)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in Names)
        {
            foreach (var path in local.List(Path.Combine(local.Root, folder)).Files)
            {
                files[local.Relative(path)] = path;
            }
        }

        return files;
    }
}
