using System.Buffers;
using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace RunnerHarness.Interop;

/// <summary>
/// Finds the record ids an import would add with content other than what the store (or the input
/// itself) already holds under the same id. Readers keep one copy per id, so such an import would
/// silently replace or be replaced by the other copy; it is refused instead. Content is every column
/// except where the record was written (<c>run_id</c>, <c>host</c>, <c>process_id</c>, <c>shard</c>),
/// so importing the same file again, under any run id, is not a conflict. Ids are compared as readers compare them
/// (<see cref="RecordIdComparer"/>: a UUID in any case is one id), so an id stored in lower case and imported in upper
/// case is the same record: a conflict when its content differs, the same record when it does not.
/// An id stored (or earlier in the input) with the same content is the same record: the import skips it
/// (<see cref="AddIncoming(ResultRecord, UInt128, string)"/>, <see cref="IsAlreadyStored"/>), so importing a file again adds nothing.
/// </summary>
internal sealed class ImportConflictCheck
{
    private const int Listed = 20;
    private const string JsonLinesRemedy =
        "Give these records new ids (or remove record_id from their lines so ids are derived from content), or remove the other copies first";
    // Held while the import's files fill (it parses its input once), so a UUID id, the common case, is held as its 16 bytes
    // rather than as a string; its spelling only when it is not the canonical one (for the message), other ids as they are.
    private readonly Dictionary<Guid, UInt128> _incomingUuids = [];
    private readonly Dictionary<Guid, string> _uncanonicalSpellings = [];
    private readonly Dictionary<string, (string Spelling, UInt128 Digest)> _incoming = new(RecordIdComparer.Instance);
    private readonly HashSet<Guid> _storedUuids = [];
    private readonly HashSet<string> _storedOthers = new(RecordIdComparer.Instance);
    private readonly List<string> _conflicts = [];
    private readonly ArrayBufferWriter<byte> _line = new(4096);
    private readonly string _remedy;

    /// <summary>Creates a check whose refusal tells what to do with the conflicting records in <paramref name="remedy"/>.</summary>
    /// <param name="remedy">A sentence for the refusal; by default the one for JSON Lines (new ids, or no <c>record_id</c> so ids derive from content).</param>
    public ImportConflictCheck(string remedy = JsonLinesRemedy) => _remedy = remedy;

    /// <summary>The distinct ids of the input noted so far.</summary>
    public int IncomingCount => _incoming.Count + _incomingUuids.Count;

    /// <summary>
    /// The ids of the input that <see cref="CheckAgainst"/> found stored with the same content: the same records, which the
    /// import skips. Zero before the check.
    /// </summary>
    public int AlreadyStored => _storedUuids.Count + _storedOthers.Count;

    /// <summary>Notes a record of the input; a repeated id with other content within the input is a conflict.</summary>
    /// <returns>Whether the id is new in the input; <see langword="false"/> for a repeat, which the import skips.</returns>
    public bool AddIncoming(ResultRecord record, string where) => AddIncoming(record, RecordContent.Digest(record, _line), where);

    /// <summary>As <see cref="AddIncoming(ResultRecord, string)"/>, with the record's <see cref="RecordContent.Digest"/> taken already (on another thread).</summary>
    /// <returns>Whether the id is new in the input; <see langword="false"/> for a repeat, which the import skips.</returns>
    public bool AddIncoming(ResultRecord record, UInt128 digest, string where)
    {
        if (TryGetIncoming(record.RecordId, out var earlier))
        {
            if (earlier.Digest != digest)
            {
                _conflicts.Add($"{record.RecordId}: {where} repeats an earlier line's id with other content");
            }

            return false;
        }

        if (Guid.TryParseExact(record.RecordId, "D", out var uuid))
        {
            _incomingUuids.Add(uuid, digest);
            if (!string.Equals(record.RecordId, uuid.ToString("D"), StringComparison.Ordinal))
            {
                _uncanonicalSpellings.Add(uuid, record.RecordId);
            }
        }
        else
        {
            _incoming.Add(record.RecordId, (record.RecordId, digest));
        }

        return true;
    }

    /// <summary>Whether <see cref="CheckAgainst"/> found <paramref name="recordId"/> stored with the content the input gives it.</summary>
    public bool IsAlreadyStored(string recordId) =>
        Guid.TryParseExact(recordId, "D", out var uuid) ? _storedUuids.Contains(uuid) : _storedOthers.Contains(recordId);

    /// <summary>Whether a record of the input has <paramref name="recordId"/>, as readers compare ids (<see cref="RecordIdComparer"/>).</summary>
    public bool HoldsIncoming(string recordId) => TryGetIncoming(recordId, out _);

    private bool TryGetIncoming(string recordId, out (string Spelling, UInt128 Digest) incoming)
    {
        if (Guid.TryParseExact(recordId, "D", out var uuid))
        {
            if (_incomingUuids.TryGetValue(uuid, out var digest))
            {
                incoming = (_uncanonicalSpellings.GetValueOrDefault(uuid) ?? uuid.ToString("D"), digest);
                return true;
            }

            incoming = default;
            return false;
        }

        return _incoming.TryGetValue(recordId, out incoming);
    }

    /// <summary>
    /// Compares every stored record with an incoming id: one with the same content is noted (<see cref="AlreadyStored"/>,
    /// <see cref="IsAlreadyStored"/>); throws when any conflict was found.
    /// </summary>
    /// <exception cref="ImportConflictException">Some ids conflict; the message lists the first ones.</exception>
    public void CheckAgainst(StoreLayout layout, string input)
    {
        if (IncomingCount > 0 && Directory.Exists(layout.Root))
        {
            foreach (var stored in new StoreReader(layout).Read())
            {
                if (!TryGetIncoming(stored.RecordId, out var incoming))
                {
                    continue;
                }

                if (incoming.Digest == RecordContent.Digest(stored, _line))
                {
                    NoteStored(stored.RecordId);
                }
                else
                {
                    var spelled = string.Equals(incoming.Spelling, stored.RecordId, StringComparison.Ordinal) ? "" : $" (spelled {stored.RecordId}; readers take both as one id)";
                    _conflicts.Add($"{incoming.Spelling}: the store holds this id{spelled} with other content (run {stored.RunId})");
                }
            }
        }

        if (_conflicts.Count > 0)
        {
            var more = _conflicts.Count > Listed ? $"\n  ... and {_conflicts.Count - Listed} more" : "";
            throw new ImportConflictException(
                $"{input} was not imported: {_conflicts.Count} record ids are already used with different content, and readers keep only one copy per id. " +
                $"Nothing was written. {_remedy}:\n  " +
                string.Join("\n  ", _conflicts.Take(Listed)) + more,
                _conflicts);
        }
    }

    private void NoteStored(string recordId)
    {
        if (Guid.TryParseExact(recordId, "D", out var uuid))
        {
            _storedUuids.Add(uuid);
        }
        else
        {
            _storedOthers.Add(recordId);
        }
    }
}
