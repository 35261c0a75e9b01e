using System.Buffers;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Parquet;

namespace RunnerHarness.Store;

/// <summary>
/// Which copy counts of each <c>record_id</c> held more than once by a list of sealed files, by <see cref="CopyPrecedence"/>,
/// decided before the files are streamed so that a streaming read can yield the right copy the first time it meets
/// it. Built in two passes: the ids of every file (cheap: Parquet reads one column), and only when some id repeats,
/// a second pass that hashes the copies of the repeated ids. A copy is named by its file's index in the list and its
/// position among the records the file's reader yields, which is the same for every read of the same file. The second
/// pass reads a file whose verified handle the id pass kept through a view of that handle
/// (<see cref="VerifiedSegments.Borrow"/>), so it decides among the very copies the read that takes the handle yields,
/// even if a compaction has merged and removed the file since. Files that cannot be read are skipped here as every
/// reader skips them.
/// </summary>
internal sealed class ConflictPlan
{
    // How many JSON Lines files the id pass scans on the pool beyond the one it takes the ids of.
    private const int ScansAhead = 1;

    private readonly Dictionary<string, (CopyPrecedence Precedence, int File, long Position)> _winners;

    // Where each id's first copy is, when every file's ids were located at the rows its reader yields them; else null.
    private readonly RecordLocations? _locations;

    private ConflictPlan(Dictionary<string, (CopyPrecedence, int, long)> winners, IReadOnlySet<int> filesWithOtherCopies, Proof proof = default, bool missedAVanishedFile = false)
    {
        _winners = winners;
        FilesWithOtherCopies = filesWithOtherCopies;
        _locations = proof.Locations;
        ProvesUniqueIds = proof.ProvesUniqueIds;
        MostFilesHeld = proof.MostFilesHeld;
        MissedAVanishedFile = missedAVanishedFile;
    }

    /// <summary>A plan for files whose ids do not repeat.</summary>
    public static ConflictPlan None { get; } = new(new Dictionary<string, (CopyPrecedence, int, long)>(StringComparer.Ordinal), new HashSet<int>());

    /// <summary>
    /// Whether the plan proves that a read of its files, each file's records passed through <see cref="Counts"/>, yields
    /// every id once, with no id set of the read's own: true when every file's ids were read whole and at the rows its
    /// reader yields them (Parquet files read to the end: one id a row, the same bytes the read decodes). A JSON Lines
    /// file's ids are found without parsing its lines, which may disagree with a full parse, so a plan of one proves nothing.
    /// </summary>
    public bool ProvesUniqueIds { get; }

    /// <summary>
    /// The most files whose ids the id pass held at once: all of them for the pass that holds every id, fewer when
    /// <see cref="ClaimedIdSweep"/> found the repeats; 0 for a plan that does not prove its files' ids unique.
    /// </summary>
    public int MostFilesHeld { get; }

    /// <summary>
    /// The indices of the files holding a copy that does not count and whose content differs from the copy that does:
    /// the other side of a conflict, which only a person can judge. Compaction keeps such files in place.
    /// </summary>
    public IReadOnlySet<int> FilesWithOtherCopies { get; }

    /// <summary>
    /// Whether a pass of the plan found a file of its list gone from its path (a compaction merged and removed it after
    /// the listing): its copies are not among those the plan knows, so a copy of another file may count where an
    /// undisturbed read counts the gone file's (now in a merged file the listing does not hold). A read that has yielded
    /// nothing yet lists the store again and plans anew.
    /// </summary>
    public bool MissedAVanishedFile { get; }

    /// <summary>Whether some id is held more than once.</summary>
    public bool HasRepeats => _winners.Count > 0;

    /// <summary>
    /// Plans the files <paramref name="files"/>, in the order they will be read. With <paramref name="locate"/>, a plan of
    /// Parquet files only also keeps where each id is, so that it can prove the read's ids unique
    /// (<see cref="ProvesUniqueIds"/>) and answer <see cref="CountedCopyPassed"/>. With <paramref name="verified"/>, the
    /// Parquet files whose ids were read whole keep their handles there, checked against their checksums, for the read
    /// that follows (<see cref="ParquetSegmentReader.Read(string, RecordProjection, VerifiedSegments)"/>). Without
    /// <paramref name="idsNeededAfter"/>, the caller asks <see cref="CountedCopyPassed"/> nothing (no log follows the
    /// files), so a plan that proves its files' ids unique may let them go: see <see cref="ByRanges"/>.
    /// <paramref name="idPassEnded"/>, when given, is called once the id pass has ended and before the copies of repeated
    /// ids are read (<see cref="StoreReader.IdPassEnded"/>, where tests put a compaction).
    /// </summary>
    public static ConflictPlan Of(IReadOnlyList<string> files, bool locate = false, VerifiedSegments? verified = null, bool idsNeededAfter = true, Action? idPassEnded = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (locate && !idsNeededAfter && verified is not null && ByRanges(files, verified, idPassEnded) is { } byRanges)
        {
            return byRanges;
        }

        // The locations serve as the id set too; they prove the read's ids unique only if every file's ids were read whole, at their rows.
        var exact = locate && files.All(IsParquet);
        var seen = exact ? null : new RecordIdSet();
        var locations = exact ? new RecordLocations() : null;
        var repeated = new HashSet<string>(StringComparer.Ordinal);
        var vanished = false;

        // Other files' ids are scanned on the pool, up to ScansAhead files ahead of the one whose ids are taken here.
        var scans = new Dictionary<int, Task<JsonLinesIdScan>>();
        try
        {
            for (var index = 0; index < files.Count; index++)
            {
                for (var ahead = index; ahead < files.Count && ahead <= index + ScansAhead; ahead++)
                {
                    var file = files[ahead];
                    if (!IsParquet(file) && !scans.ContainsKey(ahead))
                    {
                        scans[ahead] = Task.Run(() => JsonLinesIdScan.Of(file, hash: verified is not null));
                    }
                }

                var row = -1;
                var whole = true;
                IEnumerable<ParsedRecordId> ids;
                if (IsParquet(files[index]))
                {
                    ids = ParquetIdPass.Ids(files[index], ex =>
                    {
                        whole = false;
                        vanished |= ConflictPassReads.IsVanished(ex);
                    }, verified);
                }
                else
                {
                    var scanned = scans[index].GetAwaiter().GetResult();
                    scans.Remove(index);
                    vanished |= scanned.Vanished;
                    if (scanned.Verified is { } handle && !verified!.TryKeep(files[index], handle))
                    {
                        handle.Dispose();
                    }

                    ids = scanned.Ids;
                }

                foreach (var id in ids)
                {
                    row++;
                    if (id.IsNone)
                    {
                        continue;
                    }

                    if (locations is not null)
                    {
                        locations.Add(id, index, row);
                    }
                    else if (!seen!.Add(id))
                    {
                        repeated.Add(id.Key);
                    }
                }

                locations?.EndFile();

                // An id pass that stopped early may miss ids the read then meets (a file unreadable now that reads later).
                exact &= whole;
            }
        }
        finally
        {
            // A pass that failed leaves no scan running and no handle open.
            foreach (var scan in scans.Values)
            {
                ((Task)scan).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
                if (scan.IsCompletedSuccessfully)
                {
                    scan.Result.Verified?.Dispose();
                }
            }
        }

        locations?.AddRepeats(repeated);
        idPassEnded?.Invoke();
        return Decided(files, repeated, exact ? new Proof(locations, ProvesUniqueIds: true, MostFilesHeld: files.Count) : default, verified, vanished);
    }

    /// <summary>
    /// The plan of <paramref name="files"/>, all Parquet with checksums, its repeats found by <see cref="ClaimedIdSweep"/>,
    /// which holds only the ids of the files whose claimed id ranges it is inside of, not the store's. The plan keeps no
    /// location, so it answers no <see cref="CountedCopyPassed"/>: its caller reads no log, and no file of it can vanish
    /// mid-read, so no listing comes again, because <paramref name="verified"/> keeps every file's handle
    /// (<see cref="VerifiedSegments.HoldEvery"/>) and each file is read through the handle its id pass verified.
    /// <see langword="null"/> (the caller takes the pass that holds every id, with the handles let go) when the sweep
    /// cannot vouch for its answer: more files than handles may be kept, a file whose ids begin below its claim, or whose
    /// ids were not read whole or its handle not kept (one that could not be opened, such as a process out of descriptors).
    /// </summary>
    private static ConflictPlan? ByRanges(IReadOnlyList<string> files, VerifiedSegments verified, Action? idPassEnded)
    {
        if (files.Count < 2 || !files.All(f => IsParquet(f) && SegmentChecksum.IsInName(f)) || !verified.HoldEvery(files.Count))
        {
            return null;
        }

        var repeated = new HashSet<string>(StringComparer.Ordinal);
        if (ClaimedIdSweep.FindRepeats(files, verified, repeated) is not { } mostHeld)
        {
            verified.LetGo();
            return null;
        }

        idPassEnded?.Invoke();
        return Decided(files, repeated, new Proof(null, ProvesUniqueIds: true, MostFilesHeld: mostHeld), verified, vanished: false);
    }

    // The plan once the repeated ids are known: the copies of those are hashed to decide which counts, each file read
    // as the read that follows will read it (through its kept handle when verified holds one). vanished: whether the id
    // pass found a file gone.
    private static ConflictPlan Decided(IReadOnlyList<string> files, HashSet<string> repeated, Proof proof, VerifiedSegments? verified, bool vanished)
    {
        if (repeated.Count == 0)
        {
            return proof.ProvesUniqueIds || vanished
                ? new ConflictPlan(new Dictionary<string, (CopyPrecedence, int, long)>(StringComparer.Ordinal), new HashSet<int>(), proof, vanished)
                : None;
        }

        var line = new ArrayBufferWriter<byte>(4096);
        var winners = new Dictionary<string, (CopyPrecedence, int, long)>(StringComparer.Ordinal);
        var copies = new List<(string Key, int File, UInt128 Digest)>();
        for (var i = 0; i < files.Count; i++)
        {
            long position = -1;
            foreach (var record in ConflictPassReads.ReadOrNothing(files[i], verified, () => vanished = true))
            {
                position++;
                var key = Key(record.RecordId);
                if (!repeated.Contains(key))
                {
                    continue;
                }

                var precedence = CopyPrecedence.Of(record, line);
                copies.Add((key, i, precedence.Digest));
                if (!winners.TryGetValue(key, out var best) || precedence.Precedes(best.Item1))
                {
                    winners[key] = (precedence, i, position);
                }
            }
        }

        var filesWithOtherCopies = copies.Where(c => c.Digest != winners[c.Key].Item1.Digest).Select(c => c.File).ToHashSet();
        return new ConflictPlan(winners, filesWithOtherCopies, proof, vanished);
    }

    /// <summary>
    /// Whether the copy of <paramref name="recordId"/> at <paramref name="position"/> in file <paramref name="file"/> is
    /// the one that counts: always for an id held once; for a repeated id, only the winning copy.
    /// </summary>
    public bool Counts(string recordId, int file, long position) =>
        _winners.Count == 0 || !_winners.TryGetValue(Key(recordId), out var winner) || (winner.File == file && winner.Position == position);

    /// <summary>
    /// Whether the copy of <paramref name="recordId"/> that counts is in one of the plan's files at a position a read has
    /// gone past, <paramref name="passed"/> holding how many records of each file it has gone past. Only a plan that
    /// <see cref="ProvesUniqueIds"/> knows; any other answers <see langword="false"/>.
    /// </summary>
    public bool CountedCopyPassed(string recordId, IReadOnlyList<long> passed)
    {
        ArgumentNullException.ThrowIfNull(passed);
        if (!ProvesUniqueIds)
        {
            return false;
        }

        if (_winners.Count > 0 && _winners.TryGetValue(Key(recordId), out var winner))
        {
            return passed[winner.File] > winner.Position;
        }

        // A plan made by ranges let its ids go, promised by its caller that no log follows and kept every file's handle.
        var locations = _locations ?? throw new InvalidOperationException($"record id {recordId} was looked up in a conflict plan that let its ids go (held at most {MostFilesHeld} files' ids); only a plan made with idsNeededAfter answers a lookup");
        return locations.TryGet(recordId, out var location) && passed[location.File] > location.Row;
    }

    /// <summary>What a plan proves of its files' ids, and the locations it kept to answer lookups (none once let go).</summary>
    private readonly record struct Proof(RecordLocations? Locations, bool ProvesUniqueIds, int MostFilesHeld);

    private static bool IsParquet(string file) => file.EndsWith(StoreLayout.ParquetExtension, StringComparison.OrdinalIgnoreCase);

    // Ids compare as RecordIdSet compares them: a UUID in any letter case is one id.
    private static string Key(string recordId) => Guid.TryParseExact(recordId, "D", out var uuid) ? uuid.ToString("D") : recordId;
}
