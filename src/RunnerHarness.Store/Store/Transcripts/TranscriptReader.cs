using RunnerHarness.Transcripts;

namespace RunnerHarness.Store.Transcripts;

/// <summary>
/// Reads the transcripts of chosen records: every sealed transcript file under <c>transcripts/</c> (each proven against
/// the checksum in its name first) and then the transcript logs of writers under <c>wal/</c>, as record readers count
/// records of logs. A record's transcript is taken whole from the first file that holds it (a compaction's merged file
/// and its sources hold the same rows). Damage is reported in <see cref="Problems"/>, never read as other messages.
/// </summary>
internal sealed class TranscriptReader
{
    private readonly List<StoreProblem> _problems = [];

    /// <summary>Creates a reader of the store at <paramref name="layout"/>.</summary>
    public TranscriptReader(StoreLayout layout) => Layout = layout ?? throw new ArgumentNullException(nameof(layout));

    /// <summary>The store read.</summary>
    public StoreLayout Layout { get; }

    /// <summary>What the last read met: damaged transcript files (<see cref="StoreProblemKind.CorruptFile"/>), bad lines, links.</summary>
    public IReadOnlyList<StoreProblem> Problems => _problems;

    /// <summary>
    /// The transcript of each of <paramref name="recordIds"/> that has one, its messages in order; record ids compare as
    /// <see cref="RecordIdComparer"/> does. A record without a transcript is absent from the result.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<TranscriptMessage>> Read(IEnumerable<string> recordIds)
    {
        ArgumentNullException.ThrowIfNull(recordIds);
        _problems.Clear();
        var wanted = new HashSet<string>(recordIds, RecordIdComparer.Instance);
        var found = new Dictionary<string, IReadOnlyList<TranscriptMessage>>(RecordIdComparer.Instance);
        var listing = TranscriptFiles.List(Layout);
        _problems.AddRange(listing.Links);
        foreach (var file in listing.Files.Where(f => TranscriptFiles.FormatOf(f) is not null))
        {
            if (found.Count == wanted.Count)
            {
                return found;
            }

            try
            {
                Take(TranscriptFiles.ReadSealed(file, _problems.Add), wanted, found);
            }
            catch (CorruptSegmentException ex)
            {
                _problems.Add(new StoreProblem(StoreProblemKind.CorruptFile, Layout.Relative(file), $"{ex.Message}; none of its transcripts is used"));
            }
            catch (FileNotFoundException)
            {
                // Merged by a compaction since the listing: its rows are in the merged file, which is listed after it or read next time.
            }
        }

        foreach (var log in TranscriptFiles.Logs(Layout))
        {
            try
            {
                Take(TranscriptFiles.ReadLog(log, _problems.Add), wanted, found);
            }
            catch (FileNotFoundException)
            {
                // Sealed since the listing.
            }
        }

        return found;
    }

    private static void Take(List<TranscriptRow> rows, HashSet<string> wanted, Dictionary<string, IReadOnlyList<TranscriptMessage>> found)
    {
        foreach (var group in rows.Where(r => wanted.Contains(r.RecordId)).GroupBy(r => r.RecordId, RecordIdComparer.Instance))
        {
            found.TryAdd(group.Key, [.. group.OrderBy(r => r.Sequence).Select(r => r.Message)]);
        }
    }
}
