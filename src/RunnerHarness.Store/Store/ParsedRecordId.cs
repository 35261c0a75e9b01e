using System.Buffers;
using System.Text;

namespace RunnerHarness.Store;

/// <summary>
/// A row's <c>record_id</c> as the conflict plan compares ids (as <see cref="RecordIdSet"/> does: a UUID in any letter
/// case is one id): a UUID as its 16 bytes, parsed straight from the characters a Parquet column decodes to, so a
/// file's id pass makes no string a row; any other id as its text; or no id at all (<see langword="default"/>).
/// </summary>
internal readonly struct ParsedRecordId
{
    // A UUID in D form: 36 characters, all ASCII, so also 36 bytes of UTF-8.
    private const int UuidLength = 36;

    private ParsedRecordId(Guid uuid, string? other, bool isUuid)
    {
        Uuid = uuid;
        Other = other;
        IsUuid = isUuid;
    }

    /// <summary>Whether the id is a UUID, held in <see cref="Uuid"/>.</summary>
    public bool IsUuid { get; }

    /// <summary>The id when it is a UUID.</summary>
    public Guid Uuid { get; }

    /// <summary>The id's text when it is not a UUID, else <see langword="null"/>.</summary>
    public string? Other { get; }

    /// <summary>Whether the row has no id.</summary>
    public bool IsNone => !IsUuid && Other is null;

    /// <summary>The id as one string a repeat is named by: a UUID in lowercase <c>D</c> form, any other id as it is.</summary>
    /// <exception cref="InvalidOperationException">The row has no id.</exception>
    public string Key => IsUuid ? Uuid.ToString("D") : Other ?? throw new InvalidOperationException("A row without a record_id has no key.");

    /// <summary>The id whose characters are <paramref name="text"/>; a string is made only for an id that is not a UUID.</summary>
    public static ParsedRecordId Of(ReadOnlySpan<char> text) =>
        Guid.TryParseExact(text, "D", out var uuid) ? new(uuid, null, isUuid: true) : new(default, text.ToString(), isUuid: false);

    /// <summary>
    /// The id whose UTF-8 bytes are <paramref name="utf8"/>, as <see cref="Of(ReadOnlySpan{char})"/> gives it for the
    /// characters they decode to (an invalid sequence as U+FFFD): a UUID is 36 ASCII bytes, widened on the stack and
    /// parsed with no string made; any other id's text is decoded into a string.
    /// </summary>
    public static ParsedRecordId Of(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == UuidLength)
        {
            Span<char> text = stackalloc char[UuidLength];
            if (Ascii.ToUtf16(utf8, text, out _) == OperationStatus.Done && Guid.TryParseExact(text, "D", out var uuid))
            {
                return new(uuid, null, isUuid: true);
            }
        }

        return new(default, Encoding.UTF8.GetString(utf8), isUuid: false);
    }

    /// <summary>The id <paramref name="recordId"/>, or no id for <see langword="null"/>.</summary>
    public static ParsedRecordId Of(string? recordId) =>
        recordId is null ? default
        : Guid.TryParseExact(recordId, "D", out var uuid) ? new(uuid, null, isUuid: true)
        : new(default, recordId, isUuid: false);
}
