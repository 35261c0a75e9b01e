namespace RunnerHarness.Store.Parquet;

/// <summary>Who a <see cref="StreamedParquetSegment"/> writes for, which decides what it spends: cores or memory.</summary>
internal enum StreamedSegmentUse
{
    /// <summary>
    /// A bulk write (import, migrate, compact, the generator): the next row group is gathered while the last one is encoded
    /// on the pool, two sets of buffers, for throughput on both cores.
    /// </summary>
    Bulk,

    /// <summary>
    /// A live writer's segment, sealed inside a test host: one set of buffers, each full group written before the next is
    /// gathered, and Parquet.Net's dictionary garbage collected once it is a large enough part of the heap
    /// (<see cref="ParquetDictionaryGarbage"/>), so the seal's peak stays low whatever the segment's size.
    /// </summary>
    Live,
}
