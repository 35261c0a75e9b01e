using System.Buffers;

namespace RunnerHarness.Store;

/// <summary>
/// Among the conflicts <c>verify</c> found, the ones that are one result stored twice: two copies of a <c>record_id</c> equal
/// in everything but where they were written (<see cref="RecordContent"/>), as importing the same file twice wrote them
/// before imports skipped records already stored. Such a pair is still a <see cref="StoreProblemKind.ConflictingDuplicate"/>
/// (readers count one copy, under one run), but what to do about it is plain, and its message says so.
/// </summary>
internal sealed class StoredTwiceResults
{
    private readonly Dictionary<RecordConflict, string?> _firstRunIds = [];

    private StoredTwiceResults()
    {
    }

    /// <summary>
    /// Reads again the copies that counted when each conflict was met, from the files holding them: only when there are
    /// conflicts, and only those files, so a store without conflicts pays nothing for telling them apart.
    /// </summary>
    /// <param name="files">The data files verified, by index.</param>
    /// <param name="conflicts">The conflicts found among them.</param>
    public static StoredTwiceResults Find(IReadOnlyList<string> files, IReadOnlyList<RecordConflict> conflicts)
    {
        var found = new StoredTwiceResults();
        var line = new ArrayBufferWriter<byte>(4096);
        foreach (var inFile in conflicts.GroupBy(c => c.FirstFile))
        {
            var path = files[inFile.Key];
            var wanted = inFile.ToLookup(c => c.RecordId, RecordIdComparer.Instance);
            try
            {
                foreach (var record in SegmentFormats.ReaderFor(path)!.Read(path, RecordProjection.All, static _ => { }))
                {
                    foreach (var conflict in wanted[record.RecordId])
                    {
                        if (CopyPrecedence.Of(record, line).Digest == conflict.FirstDigest && RecordContent.Digest(record, line) == conflict.LaterContent)
                        {
                            found._firstRunIds[conflict] = record.RunId;
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CorruptSegmentException)
            {
                // Gone or damaged since the check read it (a compaction beside us, the disk): that read reported it, and its
                // conflicts keep the message of a conflict, which is true of them either way.
            }
        }

        return found;
    }

    /// <summary>
    /// The message for <paramref name="conflict"/> when it is one result stored twice, else <see langword="null"/>.
    /// </summary>
    /// <param name="conflict">The conflict.</param>
    /// <param name="first">The store-relative path of the file with the copy that counted when the other was met.</param>
    /// <param name="later">The store-relative path of the file with the other copy.</param>
    /// <param name="keptFile">The index of the file whose copy readers keep.</param>
    /// <param name="kept">The store-relative path of that file.</param>
    public string? MessageFor(RecordConflict conflict, string first, string later, int keptFile, string kept)
    {
        if (!_firstRunIds.TryGetValue(conflict, out var firstRun))
        {
            return null;
        }

        // A third copy of the id may be the one kept; then only its file is named.
        var (counted, otherRun, other) = keptFile == conflict.FirstFile ? (Run(firstRun), Run(conflict.LaterRunId), later)
            : keptFile == conflict.LaterFile ? (Run(conflict.LaterRunId), Run(firstRun), first)
            : ((string?)null, (string?)null, (string?)null);
        var keeps = counted is null
            ? $"readers count the copy of {kept}, a third copy (the earliest finished_at, then the smaller content hash). "
            : $"readers count the copy of run {counted} ({kept}: the earliest finished_at, then the smaller content hash). " +
              $"To keep only that copy, move {other} out of data/ once you have checked it holds nothing else you need; " +
              $"to count the result under run {otherRun} instead (if that was the first import), move {kept} out of data/. ";
        return $"record {conflict.RecordId} is the same result stored twice: the copies in {first} (run {Run(firstRun)}) and {later} (run {Run(conflict.LaterRunId)}) " +
            "differ only in where they were written (run_id, host, process_id, shard), as importing the same file twice wrote them before imports skipped records already stored; " +
            keeps +
            "'runner-harness compact' does not settle it: it merges the copy readers count into data/compacted/ with other records and keeps the other copy's file in place, so move a file before compacting";
    }

    private static string Run(string? runId) => runId ?? "(no run_id)";
}
