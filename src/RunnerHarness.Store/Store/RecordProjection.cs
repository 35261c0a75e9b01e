using RunnerHarness.Schema;

namespace RunnerHarness.Store;

/// <summary>
/// The columns a read needs. Readers set only these on the records they yield, so counting or
/// summarising reads a few columns, never all. <c>record_id</c> is always included, for deduplication.
/// </summary>
public sealed class RecordProjection
{
    private readonly HashSet<string>? _columns;

    private RecordProjection(HashSet<string>? columns) => _columns = columns;

    /// <summary>Every column.</summary>
    public static RecordProjection All { get; } = new(null);

    /// <summary>Whether this projection reads every column.</summary>
    public bool IsAll => _columns is null;

    /// <summary>The projected column names, or <see langword="null"/> for all.</summary>
    public IReadOnlyCollection<string>? Columns => _columns;

    /// <summary>A projection of <paramref name="columns"/> plus <c>record_id</c>.</summary>
    /// <exception cref="ArgumentException">A name is not a column of <see cref="RecordColumns"/>.</exception>
    public static RecordProjection Of(params IEnumerable<string> columns)
    {
        var set = new HashSet<string>(StringComparer.Ordinal) { RecordColumns.RecordId };
        foreach (var column in columns)
        {
            if (!RecordSchema.IsColumn(column))
            {
                throw new ArgumentException($"'{column}' is not a record column. Valid columns: {string.Join(", ", RecordSchema.ColumnNames)}.", nameof(columns));
            }

            set.Add(column);
        }

        return new RecordProjection(set);
    }

    /// <summary>This projection widened by <paramref name="columns"/>.</summary>
    public RecordProjection With(params IEnumerable<string> columns) =>
        _columns is null ? this : Of(_columns.Concat(columns));

    /// <summary>This projection without <c>record_id</c>, for reads that do not deduplicate; all columns stay all columns.</summary>
    internal RecordProjection WithoutRecordId() =>
        _columns is null ? this : new RecordProjection(new HashSet<string>(_columns.Where(c => c != RecordColumns.RecordId), StringComparer.Ordinal));

    /// <summary>Whether <paramref name="column"/> is read.</summary>
    public bool Includes(string column) => _columns is null || _columns.Contains(column);
}
