namespace RunnerHarness.Cli.Stores;

/// <summary>
/// Where a command may write a file it makes (a report, an export): not over an existing file unless asked
/// (<c>--force</c>), never onto a directory, and never inside the store it reads, through whatever links the
/// path takes - a report or export written there could replace a sealed data file, or be read as one.
/// </summary>
internal static class OutputTarget
{
    private const int MaxLinks = 40;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>Refuses <paramref name="path"/> (already absolute) as the output of a command reading the store at <paramref name="storeRoot"/>.</summary>
    /// <exception cref="CommandFailedException">The path is a directory, an existing file without <paramref name="force"/>, or inside the store (<see cref="ExitCodes.UsageError"/>).</exception>
    public static void CheckFile(string path, string storeRoot, bool force)
    {
        CheckOutsideStore(path, storeRoot);
        if (Directory.Exists(path))
        {
            throw new CommandFailedException(ExitCodes.UsageError, $"{path} is a directory; name the file to write.");
        }

        if (File.Exists(path) && !force)
        {
            throw new CommandFailedException(ExitCodes.UsageError, $"{path} exists; pass --force to replace the file.");
        }
    }

    /// <summary>Refuses <paramref name="path"/> when it is the store at <paramref name="storeRoot"/> or inside it, following links.</summary>
    /// <exception cref="CommandFailedException">It is (<see cref="ExitCodes.UsageError"/>).</exception>
    public static void CheckOutsideStore(string path, string storeRoot)
    {
        var store = Path.TrimEndingDirectorySeparator(RealPath(storeRoot));
        var target = RealPath(path);
        if (string.Equals(target, store, PathComparison) || target.StartsWith(store + Path.DirectorySeparatorChar, PathComparison))
        {
            throw new CommandFailedException(ExitCodes.UsageError,
                $"{path} is inside the store {storeRoot}; the command never writes into the store it reads (it could replace the store's own files). Choose a path outside it.");
        }
    }

    /// <summary>
    /// <paramref name="path"/> made absolute with every link in its existing part resolved: the place a write to it
    /// would land. The part that does not exist yet is kept as given.
    /// </summary>
    internal static string RealPath(string path)
    {
        var links = 0;
        return Resolve(Path.GetFullPath(path), ref links);
    }

    private static string Resolve(string full, ref int links)
    {
        var root = Path.GetPathRoot(full) ?? string.Empty;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo info = new FileInfo(next);
            if (info.LinkTarget is not { } target)
            {
                if (!info.Exists && !Directory.Exists(next))
                {
                    // The rest does not exist: nothing below can be a link.
                    return Path.Combine([next, .. parts[(i + 1)..]]);
                }

                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new CommandFailedException(ExitCodes.UsageError, $"{full} goes through more than {MaxLinks} links; choose a plain path.");
            }

            current = Resolve(Path.GetFullPath(target, current), ref links);
        }

        return current;
    }
}
