using RunnerHarness.Store;

namespace RunnerHarness.Cli.Stores;

/// <summary>
/// Finds RunnerHarness stores at and below a directory: a store is a directory whose <c>data/</c> holds sealed
/// files (<c>*.jsonl</c>, <c>*.parquet</c>) or that has live write-ahead logs (<c>wal/</c>). The search goes
/// <see cref="MaxDepth"/> levels down, skips <c>bin</c>, <c>obj</c>, <c>node_modules</c> and hidden folders, and
/// does not look inside a store it found.
/// </summary>
internal static class StoreDiscovery
{
    /// <summary>How many levels below the starting directory are searched.</summary>
    public const int MaxDepth = 6;

    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "node_modules", "TestResults" };

    /// <summary>The stores at and below <paramref name="directory"/>, as full paths in ordinal order.</summary>
    public static IReadOnlyList<string> Below(string directory)
    {
        var found = new List<string>();
        Search(new DirectoryInfo(directory), 0, found);
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>Whether <paramref name="directory"/> is a store by the rule above.</summary>
    public static bool IsStore(string directory)
    {
        var layout = new StoreLayout(directory);
        if (Directory.Exists(layout.WriteAheadLogDirectory))
        {
            return true;
        }

        return Directory.Exists(layout.DataDirectory)
            && Directory.EnumerateFiles(layout.DataDirectory, "*", SearchOption.AllDirectories)
                .Any(f => f.EndsWith(StoreLayout.JsonLinesExtension, StringComparison.Ordinal) || f.EndsWith(StoreLayout.ParquetExtension, StringComparison.Ordinal));
    }

    private static void Search(DirectoryInfo directory, int depth, List<string> found)
    {
        if (IsStore(directory.FullName))
        {
            found.Add(directory.FullName);
            return;
        }

        if (depth == MaxDepth)
        {
            return;
        }

        IEnumerable<DirectoryInfo> children;
        try
        {
            children = directory.EnumerateDirectories().ToList();
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            // A folder we may not read cannot hold a store we could read either.
            return;
        }

        foreach (var child in children)
        {
            if (!child.Name.StartsWith('.') && !Skipped.Contains(child.Name) && !child.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                Search(child, depth + 1, found);
            }
        }
    }
}
