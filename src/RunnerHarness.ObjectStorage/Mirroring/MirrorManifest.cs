namespace RunnerHarness.ObjectStorage.Mirroring;

/// <summary>
/// The sealed files of a mirror folder that are copies of objects of its URL store: placed by a sync, or uploaded from
/// the mirror. Only these may be removed from the mirror when the URL store no longer lists them (another machine
/// compacted them away); the machine's own files that were never uploaded, and <c>wal/</c>, are never in it.
/// Kept in <c>mirror-synced.txt</c> at the mirror's root, one path relative to the root a line, replaced whole.
/// </summary>
internal static class MirrorManifest
{
    /// <summary>The file's name, at the mirror's root.</summary>
    public const string FileName = "mirror-synced.txt";

    /// <summary>The paths the manifest of the mirror at <paramref name="mirrorRoot"/> lists; empty when it has none yet.</summary>
    public static HashSet<string> Read(string mirrorRoot)
    {
        var path = Path.Combine(mirrorRoot, FileName);
        return File.Exists(path)
            ? new HashSet<string>(File.ReadAllLines(path).Where(line => line.Length > 0), StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>Replaces the manifest with <paramref name="paths"/>, whole or not at all (written aside, then renamed).</summary>
    public static void Write(string mirrorRoot, IEnumerable<string> paths)
    {
        var path = Path.Combine(mirrorRoot, FileName);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllLines(temporary, paths.Order(StringComparer.Ordinal));
        File.Move(temporary, path, overwrite: true);
    }
}
