using System.Collections.Concurrent;

namespace RunnerHarness.Store.Summaries;

/// <summary>
/// The data files whose bytes this process has proven to match the checksum in their names, so that a summary is
/// trusted only for a file that is the one it describes. A file under <c>data/</c> never changes, so one proof per
/// process suffices (<c>run</c>'s progress poll asks for the same files every second); a proof is forgotten when the
/// file's length or write time changes.
/// </summary>
internal static class ProvenDataFiles
{
    private static readonly ConcurrentDictionary<string, (long Length, DateTime WrittenAt)> Proven = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether the file at <paramref name="path"/> carries a checksum in its name and its bytes match it; a file without
    /// one cannot be proven, so its summary is not trusted.
    /// </summary>
    /// <exception cref="CorruptSegmentException">The bytes do not match the checksum in the name.</exception>
    public static bool Prove(string path, long length)
    {
        var writtenAt = File.GetLastWriteTimeUtc(path);
        if (Proven.TryGetValue(path, out var proof) && proof == (length, writtenAt))
        {
            return true;
        }

        if (!SegmentChecksum.Verify(path))
        {
            return false;
        }

        Proven[path] = (length, writtenAt);
        return true;
    }
}
