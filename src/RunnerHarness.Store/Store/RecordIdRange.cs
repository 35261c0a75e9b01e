namespace RunnerHarness.Store;

/// <summary>
/// A range of UUID record ids, ends included, as keys in written byte order (<see cref="UuidOrderKey"/>): what a Parquet
/// file's <c>record_id</c> statistics claim its ids span (<see cref="Parquet.ParquetIdRangeClaim"/>), which the id pass
/// then checks against the ids themselves.
/// </summary>
internal readonly record struct RecordIdRange(UInt128 Min, UInt128 Max)
{
    /// <summary>Whether <paramref name="id"/> lies within the range.</summary>
    public bool Contains(UInt128 id) => Min <= id && id <= Max;
}
