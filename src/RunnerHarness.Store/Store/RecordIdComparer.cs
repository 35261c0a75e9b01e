namespace RunnerHarness.Store;

/// <summary>
/// When two record ids are the same record, as readers decide it (<see cref="RecordIdSet"/>): UUID-shaped ids
/// (<c>D</c> format) are compared as UUIDs, so case does not matter; any other id is compared ordinally. An import
/// compares ids by this rule, so an id that differs from a stored one only in case is the same record, not a new one
/// that readers would then hide.
/// </summary>
internal sealed class RecordIdComparer : IEqualityComparer<string>
{
    private RecordIdComparer()
    {
    }

    /// <summary>The comparer.</summary>
    public static RecordIdComparer Instance { get; } = new();

    /// <summary>The one spelling of <paramref name="recordId"/> readers treat it as: a UUID in lower case, any other id as it is.</summary>
    public static string Canonical(string recordId)
    {
        ArgumentNullException.ThrowIfNull(recordId);
        return Guid.TryParseExact(recordId, "D", out var uuid) ? uuid.ToString("D") : recordId;
    }

    /// <inheritdoc/>
    public bool Equals(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null && y is null;
        }

        var xIsUuid = Guid.TryParseExact(x, "D", out var xUuid);
        var yIsUuid = Guid.TryParseExact(y, "D", out var yUuid);
        return xIsUuid == yIsUuid && (xIsUuid ? xUuid == yUuid : string.Equals(x, y, StringComparison.Ordinal));
    }

    /// <inheritdoc/>
    public int GetHashCode(string obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return Guid.TryParseExact(obj, "D", out var uuid) ? uuid.GetHashCode() : StringComparer.Ordinal.GetHashCode(obj);
    }
}
