using System.Buffers;
using RunnerHarness.Schema;

namespace RunnerHarness.Store;

/// <summary>
/// Every record id seen with the digest of its content (<see cref="StoreFingerprint.DigestOf"/>) and
/// the file it came from, so that <c>verify</c> can tell a harmless repeat (the same record in two
/// files) from a conflict (the same id with different values).
/// </summary>
internal sealed class RecordContentIndex
{
    private readonly Dictionary<Guid, (UInt128 Digest, int File)> _uuids = [];
    private readonly Dictionary<string, (UInt128 Digest, int File)> _others = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _line = new(4096);
    private readonly List<RecordConflict> _conflicts = [];

    /// <summary>How many distinct ids were added.</summary>
    public int Count => _uuids.Count + _others.Count;

    /// <summary>The ids met again with other content, in the order met.</summary>
    public IReadOnlyList<RecordConflict> Conflicts => _conflicts;

    /// <summary>Adds <paramref name="record"/> from file number <paramref name="file"/>; <see langword="false"/> when its id was already there.</summary>
    public bool Add(ResultRecord record, int file)
    {
        var entry = (StoreFingerprint.DigestOf(record, _line), file);
        var first = Guid.TryParseExact(record.RecordId, "D", out var uuid)
            ? Existing(_uuids, uuid, entry)
            : Existing(_others, record.RecordId, entry);
        if (first is null)
        {
            return true;
        }

        if (first.Value.Digest != entry.Item1)
        {
            _conflicts.Add(new RecordConflict(record.RecordId, first.Value.File, file));
        }

        return false;
    }

    private static (UInt128 Digest, int File)? Existing<TKey>(Dictionary<TKey, (UInt128 Digest, int File)> map, TKey key, (UInt128, int) entry)
        where TKey : notnull =>
        map.TryAdd(key, entry) ? null : map[key];
}
