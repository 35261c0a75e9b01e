namespace RunnerHarness.Store.Parquet;

/// <summary>
/// The two sets of column arrays Parquet reads decode their row groups into, taken in turn: while the caller reads one
/// row group's set, the next row group is decoded into the other, and a row group's set is decoded into again only
/// once the caller has gone past it. One instance serves every file of a store read (the bench store's files are one
/// row group each, so arrays per file would be new large arrays a row group again), one file after the other: a file's
/// read ends, its decode ahead awaited, before the next file's begins. The reads then hold two row groups' arrays,
/// allocated once, instead of new large arrays a row group, which the large-object heap grew by instead of reusing.
/// Arrays are kept per column (<see cref="ParquetRecordColumn"/>), so files of different projections or schemas share
/// them safely. Not for two reads at once.
/// </summary>
internal sealed class DecodedRowGroups
{
    private readonly Dictionary<ParquetRecordColumn, ParquetColumnValues>[] _columns = [new(), new()];
    private readonly ParquetRecordIds[] _ids = [new(), new()];

    /// <summary>The column arrays row group <paramref name="index"/> of a file is decoded into: those row group <paramref name="index"/> - 2 used, or the previous file's.</summary>
    public Dictionary<ParquetRecordColumn, ParquetColumnValues> ColumnsFor(int index) => _columns[index % 2];

    /// <summary>The id array an id pass decodes row group <paramref name="index"/> of a file into, taken in turn like <see cref="ColumnsFor"/>.</summary>
    public ParquetRecordIds IdsFor(int index) => _ids[index % 2];
}
