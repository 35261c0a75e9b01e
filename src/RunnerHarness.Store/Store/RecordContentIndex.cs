using System.Buffers;
using RunnerHarness.Schema;

namespace RunnerHarness.Store;

/// <summary>
/// Every record id seen with the precedence of the copy that counts so far (<see cref="CopyPrecedence"/>: its
/// <c>finished_at</c> and content digest) and the file it came from, so that <c>verify</c> can tell a harmless repeat
/// (the same record in two files) from a conflict (the same id with different values), and name the copy readers keep.
/// </summary>
internal sealed class RecordContentIndex
{
    private readonly Dictionary<Guid, (CopyPrecedence Precedence, int File)> _uuids = [];
    private readonly Dictionary<string, (CopyPrecedence Precedence, int File)> _others = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _line = new(4096);
    private readonly List<RecordConflict> _conflicts = [];

    /// <summary>How many distinct ids were added.</summary>
    public int Count => _uuids.Count + _others.Count;

    /// <summary>The ids met again with other content, in the order met.</summary>
    public IReadOnlyList<RecordConflict> Conflicts => _conflicts;

    /// <summary>Adds <paramref name="record"/> from file number <paramref name="file"/>; <see langword="false"/> when its id was already there.</summary>
    public bool Add(ResultRecord record, int file)
    {
        var entry = (CopyPrecedence.Of(record, _line), file);
        return Guid.TryParseExact(record.RecordId, "D", out var uuid)
            ? Add(_uuids, uuid, record, entry)
            : Add(_others, record.RecordId, record, entry);
    }

    /// <summary>The index of the file whose copy of <paramref name="recordId"/> readers keep.</summary>
    public int KeptFile(string recordId) =>
        Guid.TryParseExact(recordId, "D", out var uuid) ? _uuids[uuid].File : _others[recordId].File;

    private bool Add<TKey>(Dictionary<TKey, (CopyPrecedence Precedence, int File)> map, TKey key, ResultRecord record, (CopyPrecedence Precedence, int File) entry)
        where TKey : notnull
    {
        if (map.TryAdd(key, entry))
        {
            return true;
        }

        var kept = map[key];
        if (kept.Precedence.Digest != entry.Precedence.Digest)
        {
            // Only a conflict pays for the digest without where the copy was written; the kept copy's is taken by a second read.
            _conflicts.Add(new RecordConflict(record.RecordId, kept.File, kept.Precedence.Digest, entry.File, RecordContent.Digest(record, _line), record.RunId));
            if (entry.Precedence.Precedes(kept.Precedence))
            {
                map[key] = entry;
            }
        }

        return false;
    }
}
