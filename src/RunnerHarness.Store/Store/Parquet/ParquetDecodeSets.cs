using Parquet.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Three decode sets (<see cref="DecodedRowGroups"/>) shared by the files of a store read whose reads follow each
/// other, so a store of many one-row-group files decodes into the same arrays instead of new large ones a file: the
/// row group the caller folds, and two files decoding ahead at once (<see cref="StoreReader"/> starts at most two). A
/// file bound to other columns (an older file lacking one) gets sets of its own, which the files after it then share:
/// a column's decoded values carry the setter of their column, so they serve that column only. Files are opened on
/// pool threads, so the sets are handed out under a lock.
/// </summary>
internal sealed class ParquetDecodeSets
{
    /// <summary>How many sets the files share: the row group the caller is on and two decoding ahead.</summary>
    public const int SetCount = 3;

    private readonly Lock _lock = new();
    private DecodedRowGroups? _sets;
    private string[] _columns = [];

    /// <summary>The sets for a read bound by <paramref name="bindings"/>.</summary>
    public DecodedRowGroups For((ParquetRecordColumn Column, Field Field)[] bindings)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        lock (_lock)
        {
            if (_sets is null || !bindings.Select(b => b.Column.Name).SequenceEqual(_columns, StringComparer.Ordinal))
            {
                _sets = new DecodedRowGroups(bindings.Length, SetCount);
                _columns = [.. bindings.Select(b => b.Column.Name)];
            }

            return _sets;
        }
    }
}
