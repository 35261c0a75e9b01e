namespace RunnerHarness.Store;

/// <summary>
/// A row's <c>record_id</c> as the conflict plan compares ids (as <see cref="RecordIdSet"/> does: a UUID in any letter
/// case is one id): a UUID as its 16 bytes, parsed straight from the characters a Parquet column decodes to, so a
/// file's id pass makes no string a row; any other id as its text; or no id at all (<see langword="default"/>).
/// </summary>
internal readonly struct ParsedRecordId
{
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

    /// <summary>The id <paramref name="recordId"/>, or no id for <see langword="null"/>.</summary>
    public static ParsedRecordId Of(string? recordId) =>
        recordId is null ? default
        : Guid.TryParseExact(recordId, "D", out var uuid) ? new(uuid, null, isUuid: true)
        : new(default, recordId, isUuid: false);
}
