using System.Buffers;
using System.Text;
using System.Security.Cryptography;
using System.Text.Json;
using RunnerHarness.Schema;
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

    // The length of a UUID in its D form (8-4-4-4-12 hex digits).
    private const int UuidLength = 36;

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
        var scans = new Dictionary<int, Task<ScannedIds>>();
        try
        {
            for (var index = 0; index < files.Count; index++)
            {
                for (var ahead = index; ahead < files.Count && ahead <= index + ScansAhead; ahead++)
                {
                    var file = files[ahead];
                    if (!IsParquet(file) && !scans.ContainsKey(ahead))
                    {
                        scans[ahead] = Task.Run(() => IdsOf(file, hash: verified is not null));
                    }
                }

                var row = -1;
                var whole = true;
                IEnumerable<ParsedRecordId> ids;
                if (IsParquet(files[index]))
                {
                    ids = ParquetIds(files[index], ex =>
                    {
                        whole = false;
                        vanished |= IsVanished(ex);
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
            foreach (var record in ReadOrNothing(files[i], verified, () => vanished = true))
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

    /// <summary>
    /// The record ids of a file other than Parquet (<see cref="ParquetIds"/> reads those), cheaply: a JSON Lines file's
    /// <c>record_id</c> found near the start of each line without parsing the rest. This may list more ids than a read yields (a line that does not parse further on, a file that fails
    /// its checksum): an id taken for repeated is only decided among the copies the second pass reads, so that costs
    /// time, never a wrong answer.
    /// </summary>
    private static ScannedIds IdsOf(string file, bool hash)
    {
        var ids = new List<ParsedRecordId>();
        if (!file.EndsWith(StoreLayout.JsonLinesExtension, StringComparison.OrdinalIgnoreCase))
        {
            return new ScannedIds(ids, null, Vanished: false);
        }

        try
        {
            var stream = JsonLinesFileReader.OpenShared(file);
            var kept = false;
            try
            {
                // A file whose checksum the same read proves keeps its handle for the streaming read, which then hashes nothing.
                var expected = hash ? ExpectedChecksum(file) : null;
                using var sha256 = expected is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                JsonLinesFileReader.Scan(stream, (line, _) =>
                {
                    if (RecordIdOf(line) is { IsNone: false } id)
                    {
                        ids.Add(id);
                    }
                }, sha256);
                kept = sha256 is not null && SegmentChecksum.Matches(expected!, sha256.GetHashAndReset());
                return new ScannedIds(ids, kept ? stream : null, Vanished: false);
            }
            finally
            {
                if (!kept)
                {
                    stream.Dispose();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The read reports it (or, for a file gone, lists the store again).
            return new ScannedIds(ids, null, IsVanished(ex));
        }
    }

    /// <summary>A JSON Lines file's ids, its open handle when the scan proved its checksum, and whether it was gone.</summary>
    private readonly record struct ScannedIds(List<ParsedRecordId> Ids, FileStream? Verified, bool Vanished);

    // A file removed from its path (or its folder) since it was listed.
    private static bool IsVanished(Exception ex) => ex is FileNotFoundException or DirectoryNotFoundException;

    // The checksum in the file's name, or null when it has none or a malformed one (the read reports that).
    private static string? ExpectedChecksum(string file)
    {
        try
        {
            return SegmentChecksum.Expected(file);
        }
        catch (CorruptSegmentException)
        {
            return null;
        }
    }

    /// <summary>One id a row (none for a row without one), as the file's reader yields its rows; stopping early (a damaged, unreadable or vanished file) calls <paramref name="stopped"/> with why.</summary>
    internal static IEnumerable<ParsedRecordId> ParquetIds(string file, Action<Exception> stopped, VerifiedSegments? verified)
    {
        using var ids = ParquetSegmentReader.RecordIds(file, verified).GetEnumerator();
        while (true)
        {
            try
            {
                if (!ids.MoveNext())
                {
                    yield break;
                }
            }
            catch (Exception ex) when (ex is CorruptSegmentException or IOException or UnauthorizedAccessException)
            {
                stopped(ex);
                yield break;
            }

            yield return ids.Current;
        }
    }

    private static ParsedRecordId RecordIdOf(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(RecordColumns.RecordId))
                {
                    return reader.Read() && reader.TokenType == JsonTokenType.String ? IdOf(ref reader) : default;
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth > 0)
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not a record line (not JSON, an id that is not UTF-8); the read reports it.
        }

        return default;
    }

    // The id as GetString would give it, without a string for a UUID written plainly (all a writer writes).
    private static ParsedRecordId IdOf(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.Length == UuidLength && Ascii.IsValid(reader.ValueSpan))
        {
            Span<char> text = stackalloc char[UuidLength];
            Ascii.ToUtf16(reader.ValueSpan, text, out _);
            return ParsedRecordId.Of(text);
        }

        return ParsedRecordId.Of(reader.GetString());
    }

    /// <summary>
    /// Every record of <paramref name="file"/> as the read that follows will yield them, none from where it fails. Through
    /// a view of its kept handle when <paramref name="verified"/> holds one: the read takes that handle, so it yields
    /// these copies even if the path is gone by then. Else by its path, as that read opens it too, which is sound because
    /// a file either is read here, so its copies are decided among, or is gone here (<paramref name="vanished"/>): then
    /// the plan says so (<see cref="MissedAVanishedFile"/>) and the read, having yielded nothing yet, plans again over a
    /// new listing, which holds the merged file in its place. A file gone only after this pass read it makes the
    /// streaming read list the store again and read the merged files, whose ids it checks against those it yielded
    /// (<see cref="YieldedIds"/>): the copy that counts was decided with the gone file's copies, so it is the same.
    /// </summary>
    private static IEnumerable<ResultRecord> ReadOrNothing(string file, VerifiedSegments? verified, Action vanished)
    {
        var reader = SegmentFormats.ReaderFor(file);
        if (reader is null)
        {
            yield break;
        }

        using var borrowed = verified?.Borrow(file);
        var read = borrowed is not null ? reader.ReadVerified(file, borrowed, RecordProjection.All, static _ => { }) : reader.Read(file, RecordProjection.All, static _ => { });
        using var records = read.GetEnumerator();
        while (true)
        {
            try
            {
                if (!records.MoveNext())
                {
                    yield break;
                }
            }
            catch (Exception ex) when (ex is CorruptSegmentException or IOException or UnauthorizedAccessException)
            {
                if (IsVanished(ex))
                {
                    vanished();
                }

                yield break;
            }

            yield return records.Current;
        }
    }
}
