using RunnerHarness.Schema;

namespace RunnerHarness.Store;

/// <summary>
/// The columns every store writer has written in every file since the first release, in both formats.
/// A file lacking one of them was damaged (a flipped bit renamed the column), not written by an older
/// version, so readers report it instead of reading the column as null. This list is history: a
/// column added to the schema later (declared with a later <c>Since</c>) is not in it, because files written before
/// it lack it.
/// </summary>
internal static class WrittenColumns
{
    /// <summary>The columns of record format version 1 (declared <c>Since = 1</c>), which every writer writes.</summary>
    public static IReadOnlyList<string> Always { get; } = [.. RecordSchema.Columns.Where(c => c.Since == 1).Select(c => c.Name)];

    private static readonly Dictionary<string, int> Index = Always.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);

    /// <summary>The position of <paramref name="column"/> in <see cref="Always"/>, or -1.</summary>
    public static int IndexOf(ReadOnlySpan<char> column) =>
        Index.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(column, out var index) ? index : -1;

    /// <summary>
    /// What is wrong with a file whose columns are <paramref name="columns"/>, or <see langword="null"/>:
    /// a column of <see cref="Always"/> is missing, or (when <paramref name="allowUnknown"/> is false) a
    /// column is not in the schema at all.
    /// </summary>
    public static string? Damage(IReadOnlyCollection<string> columns, bool allowUnknown)
    {
        var missing = Always.Where(c => !columns.Contains(c)).ToArray();
        if (missing.Length > 0)
        {
            return $"the column(s) {string.Join(", ", missing)} that every writer writes are missing";
        }

        var unknown = allowUnknown ? [] : columns.Where(c => !RecordSchema.IsColumn(c)).ToArray();
        return unknown.Length > 0 ? $"the column(s) {string.Join(", ", unknown)} are not in the record schema" : null;
    }
}
