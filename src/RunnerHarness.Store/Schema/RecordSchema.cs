namespace RunnerHarness.Schema;

/// <summary>
/// The columns of <see cref="ResultRecord"/>, in declaration order, as both formats store them. Generated from the
/// record's column declarations (see <see cref="RecordColumnAttribute"/>).
/// </summary>
public static partial class RecordSchema
{
    /// <summary>Every column, in the order the record declares them.</summary>
    public static IReadOnlyList<RecordColumnDescriptor> Columns { get; } = Declared();

    /// <summary>Every column name, in the order the record declares them.</summary>
    public static IReadOnlyList<string> ColumnNames { get; } = [.. Columns.Select(c => c.Name)];

    private static readonly HashSet<string> ColumnSet = new(ColumnNames, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="name"/> is a column.</summary>
    public static bool IsColumn(string name) => ColumnSet.Contains(name);
}
