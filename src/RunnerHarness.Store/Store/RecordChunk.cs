using RunnerHarness.Schema;
using RunnerHarness.Store.Parquet;

namespace RunnerHarness.Store;

/// <summary>
/// What <see cref="StoreReader.ReadChunks"/> yields: one record, or one decoded Parquet row group whose rows are records
/// in read order (the copies that do not count marked, <see cref="ParquetRowGroup.Counts"/>). Exactly one is set.
/// </summary>
internal readonly record struct RecordChunk(ResultRecord? Record, ParquetRowGroup? RowGroup);
