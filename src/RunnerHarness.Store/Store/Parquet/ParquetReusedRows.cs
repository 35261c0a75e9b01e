namespace RunnerHarness.Store.Parquet;

/// <summary>
/// A decoded column whose array of entries (a nullable value a row; null is a row without a value) is the reader's to
/// reuse for a later row group of the same column (<see cref="Rows"/>), so a read does not allocate a new large array a
/// row group.
/// </summary>
internal abstract class ParquetReusedRows<TEntry> : ParquetColumnValues
{
    private TEntry[] _entries = [];

    /// <summary>
    /// The array to decode a row group of <paramref name="rowCount"/> rows into, every entry null: this one's, cleared, when
    /// it is large enough, else a new one. The rows of the row group decoded before are gone after this call.
    /// </summary>
    public TEntry[] Rows(int rowCount)
    {
        if (_entries.Length < rowCount)
        {
            _entries = new TEntry[rowCount];
        }
        else
        {
            // A row the new row group leaves null must not show the previous row group's value, and rows past the new
            // row group's end must not keep the previous one's strings and maps alive.
            Array.Clear(_entries);
        }

        return _entries;
    }

    /// <summary>The values of the row group decoded last, a row an entry (the array may be longer than the row group).</summary>
    public TEntry[] Values => _entries;
}
