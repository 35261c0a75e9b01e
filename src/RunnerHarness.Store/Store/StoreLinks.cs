namespace RunnerHarness.Store;

/// <summary>
/// Symbolic links inside a store. The store never follows one, for reading or for deleting: a link under <c>data/</c>,
/// <c>wal/</c>, <c>tmp/</c> or <c>summaries/</c> (or one of those folders being a link) is reported as
/// <see cref="StoreProblemKind.LinkedPath"/> and left alone, because what it points to belongs to someone else (another
/// store, a system file). A file is removed only when it is proven the store's own: a regular file whose every folder,
/// from the store root down, is a real folder.
/// </summary>
internal static class StoreLinks
{
    /// <summary>Whether <paramref name="entry"/>, listed from its folder, is a symbolic link (or another reparse point), whatever it points to.</summary>
    public static bool IsLink(FileSystemInfo entry) => entry.Attributes.HasFlag(FileAttributes.ReparsePoint);

    /// <summary>Whether the entry at <paramref name="path"/> is a symbolic link; <see langword="false"/> when there is none.</summary>
    public static bool IsLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// The first of the folders from the store root down to <paramref name="path"/> (inclusive) that is a link, or
    /// <see langword="null"/> when every one that exists is a real folder (or file).
    /// </summary>
    public static string? LinkOnTheWay(StoreLayout layout, string path)
    {
        var relative = Path.GetRelativePath(layout.Root, Path.GetFullPath(path));
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return null;
        }

        var current = layout.Root;
        foreach (var part in relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            if (IsLink(current))
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="path"/> is the store's own file: inside the store root, a regular file, no link on the way.
    /// Deletion asks this first.
    /// </summary>
    public static bool IsOwnFile(StoreLayout layout, string path)
    {
        var full = Path.GetFullPath(path);
        return full.StartsWith(layout.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && LinkOnTheWay(layout, full) is null
            && File.Exists(full);
    }

    /// <summary>Removes the store's own file at <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The path is not the store's own file (a link, or behind one); nothing was removed.</exception>
    public static void DeleteOwnFile(StoreLayout layout, string path)
    {
        if (!IsOwnFile(layout, path))
        {
            if (!File.Exists(path) && !IsLink(path))
            {
                return;
            }

            throw new IOException($"{path} is not the store's own file (it is a symbolic link, or reached through one); it is left alone");
        }

        File.Delete(path);
    }

    /// <summary>The problem that reports the link at <paramref name="path"/>: where it points, and whether that exists.</summary>
    public static StoreProblem Problem(StoreLayout layout, string path)
    {
        var entry = new FileInfo(path);
        var target = entry.LinkTarget ?? "(not a readable link)";
        bool dangling;
        try
        {
            dangling = entry.ResolveLinkTarget(returnFinalTarget: true) is not { } final || !Path.Exists(final.FullName);
        }
        catch (IOException)
        {
            // A loop of links, or one the system refuses to resolve: nothing is behind it to read.
            dangling = true;
        }

        var what = dangling
            ? $"a dangling symbolic link (its target {target} does not exist)"
            : $"a symbolic link to {target}";
        return new StoreProblem(StoreProblemKind.LinkedPath, layout.Relative(path),
            $"{what}; the store never follows links out of itself, so nothing behind it is read, merged, sealed or deleted. " +
            "If the files it points to belong to this store, move them in in place of the link; otherwise remove the link");
    }
}
