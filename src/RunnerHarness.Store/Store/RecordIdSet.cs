namespace RunnerHarness.Store;

/// <summary>
/// The record ids seen so far, for deduplication. UUID ids (what the writers make) are kept as
/// 16-byte values rather than 36-character strings, so a million ids cost about 30 MB, not 130 MB.
/// </summary>
internal sealed class RecordIdSet
{
    private readonly HashSet<Guid> _uuids = [];
    private readonly HashSet<string> _others = new(StringComparer.Ordinal);

    /// <summary>How many distinct ids were added.</summary>
    public int Count => _uuids.Count + _others.Count;

    /// <summary>Adds <paramref name="recordId"/>; <see langword="false"/> when it was already there.</summary>
    public bool Add(string recordId) =>
        Guid.TryParseExact(recordId, "D", out var uuid) ? _uuids.Add(uuid) : _others.Add(recordId);

    /// <summary>Adds <paramref name="recordId"/>, an id already parsed (not none); <see langword="false"/> when it was already there.</summary>
    public bool Add(ParsedRecordId recordId) => recordId.IsUuid ? _uuids.Add(recordId.Uuid) : _others.Add(recordId.Key);
}
