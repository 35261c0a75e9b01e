using System.Globalization;

namespace RunnerHarness.Store.Remote;

/// <summary>
/// The sealed data objects of a URL store as its mirror's last sync listed them, each with its length: what lets a test
/// host plan from summaries alone. A mirror synced for planning holds every summary but only the data files without a
/// sound summary; <see cref="Summaries.StoreSummaryReader"/> counts a listed file the mirror lacks from its summary when
/// the summary names it and its listed length (its bytes were proven against the checksum in its name when it was uploaded,
/// and an object is never replaced). Kept in <c>mirror-data-listing.txt</c> at the mirror's root, one
/// <c>&lt;length&gt; &lt;path relative to the root&gt;</c> a line, replaced whole by each sync; a store without it (every
/// local store) is read from its own files only.
/// </summary>
internal static class MirrorDataListing
{
    /// <summary>The file's name, at the mirror's root.</summary>
    public const string FileName = "mirror-data-listing.txt";

    /// <summary>
    /// The listed data files of the store at <paramref name="storeRoot"/> ('/'-separated path relative to the root, and
    /// length), or an empty set when it has no listing (a local store, or a mirror never synced).
    /// </summary>
    /// <exception cref="CorruptSegmentException">A line is not a length and a path.</exception>
    public static IReadOnlyDictionary<string, long> Read(string storeRoot)
    {
        var path = Path.Combine(storeRoot, FileName);
        var listed = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return listed;
        }

        foreach (var line in File.ReadLines(path).Where(line => line.Length > 0))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || !long.TryParse(line.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                || !line[(space + 1)..].StartsWith("data/", StringComparison.Ordinal))
            {
                throw new CorruptSegmentException($"{path} holds the line '{line}', not '<length> data/<path>'; delete the file and run again to list the store anew");
            }

            listed[line[(space + 1)..]] = length;
        }

        return listed;
    }

    /// <summary>Replaces the listing of the mirror at <paramref name="storeRoot"/> with <paramref name="dataFiles"/>, whole or not at all (written aside, then renamed).</summary>
    /// <exception cref="ArgumentException">A path is not under <c>data/</c> or holds a line break.</exception>
    public static void Write(string storeRoot, IEnumerable<KeyValuePair<string, long>> dataFiles)
    {
        ArgumentNullException.ThrowIfNull(dataFiles);
        var lines = new List<string>();
        foreach (var (relative, length) in dataFiles.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!relative.StartsWith("data/", StringComparison.Ordinal) || relative.AsSpan().IndexOfAny('\r', '\n') >= 0 || length < 0)
            {
                throw new ArgumentException($"'{relative}' of {length} bytes is not a data file that can be listed (a path under data/ on one line, a length of 0 or more).", nameof(dataFiles));
            }

            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{length} {relative}"));
        }

        var path = Path.Combine(storeRoot, FileName);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllLines(temporary, lines);
        File.Move(temporary, path, overwrite: true);
    }
}
