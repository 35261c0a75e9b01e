using Parquet.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// One pair of decode sets (<see cref="DecodedRowGroups"/>) shared by the files of a store read whose reads follow each
/// other, so a store of many one-row-group files decodes into the same arrays instead of new large ones a file. A file
/// bound to other columns (an older file lacking one) gets a pair of its own, which the files after it then share: a
/// column's decoded values carry the setter of their column, so they serve that column only.
/// </summary>
internal sealed class ParquetDecodeSets
{
    private DecodedRowGroups? _sets;
    private string[] _columns = [];

    /// <summary>The pair for a read bound by <paramref name="bindings"/>.</summary>
    public DecodedRowGroups For((ParquetRecordColumn Column, Field Field)[] bindings)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        if (_sets is null || !bindings.Select(b => b.Column.Name).SequenceEqual(_columns, StringComparer.Ordinal))
        {
            _sets = new DecodedRowGroups(bindings.Length);
            _columns = [.. bindings.Select(b => b.Column.Name)];
        }

        return _sets;
    }
}
