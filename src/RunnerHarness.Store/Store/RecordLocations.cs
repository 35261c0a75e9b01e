namespace RunnerHarness.Store;

/// <summary>
/// Where the first copy of each record id of a list of files is: the file's index in the list and the row, with ids
/// compared as <see cref="RecordIdSet"/> compares them (a UUID in any letter case is one id). A conflict plan's first
/// pass fills it instead of a plain id set, so that a read can later tell, without a set of its own, whether a copy it
/// meets again (in a log, or in a file a compaction wrote while it read) was already yielded.
/// </summary>
internal sealed class RecordLocations
{
    // A UUID id as 16 bytes and its place in 8: about the memory of RecordIdSet's entry plus the place.
    private readonly Dictionary<Guid, (int File, int Row)> _uuids = [];
    private readonly Dictionary<string, (int File, int Row)> _others = new(StringComparer.Ordinal);

    /// <summary>Notes <paramref name="recordId"/> at row <paramref name="row"/> of file <paramref name="file"/>; <see langword="false"/> when an earlier copy is noted already.</summary>
    public bool TryAdd(string recordId, int file, int row) =>
        Guid.TryParseExact(recordId, "D", out var uuid) ? _uuids.TryAdd(uuid, (file, row)) : _others.TryAdd(recordId, (file, row));

    /// <summary>Notes <paramref name="recordId"/>, an id already parsed (not none), at row <paramref name="row"/> of file <paramref name="file"/>; <see langword="false"/> when an earlier copy is noted already.</summary>
    public bool TryAdd(ParsedRecordId recordId, int file, int row) =>
        recordId.IsUuid ? _uuids.TryAdd(recordId.Uuid, (file, row)) : _others.TryAdd(recordId.Key, (file, row));

    /// <summary>Where the first copy of <paramref name="recordId"/> is, if any file holds it.</summary>
    public bool TryGet(string recordId, out (int File, int Row) location) =>
        Guid.TryParseExact(recordId, "D", out var uuid) ? _uuids.TryGetValue(uuid, out location) : _others.TryGetValue(recordId, out location);
}
