namespace RunnerHarness.Store.Parquet;

/// <summary>
/// The two sets of column arrays a Parquet read decodes its row groups into, taken in turn: while the caller reads one
/// row group's set, the next row group is decoded into the other, and a row group's set is decoded into again only
/// once the caller has gone past it. A read of any length then holds two row groups' arrays, allocated once, instead
/// of new large arrays a row group, which the large-object heap grew by instead of reusing. A fold over a whole store
/// shares one pair between its files (<see cref="ParquetDecodeSets"/>), as long as each decode is started only once the
/// caller holds no other row group than the one it is on.
/// </summary>
internal sealed class DecodedRowGroups
{
    private readonly ParquetColumnValues?[][] _sets;
    private int _taken;

    /// <summary>The two sets for a read of <paramref name="columnCount"/> columns, empty until the first row groups are decoded.</summary>
    public DecodedRowGroups(int columnCount) => _sets = [new ParquetColumnValues?[columnCount], new ParquetColumnValues?[columnCount]];

    /// <summary>The set the next row group is decoded into: the other one than the row group decoded last.</summary>
    public ParquetColumnValues?[] Next() => _sets[_taken++ % 2];
}
