using Parquet;
using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// A Parquet read opened and bound, with its first row group being decoded on a pool thread: what a read starts
/// from, whether it opened the file when enumerated or ahead of time (<see cref="ParquetRowGroupRead"/>). Owns the reader
/// (and so the file) until the read that continues it takes it over.
/// </summary>
internal sealed class ParquetOpenedRead(
    ParquetReader reader,
    (ParquetRecordColumn Column, Field Field)[] bindings,
    DecodedRowGroups sets,
    Task<ParquetColumnValues[]>? decoding)
{
    /// <summary>The open reader.</summary>
    public ParquetReader Reader { get; } = reader;

    /// <summary>The projected columns bound to the file's fields.</summary>
    public (ParquetRecordColumn Column, Field Field)[] Bindings { get; } = bindings;

    /// <summary>The two sets of column arrays the read's row groups are decoded into.</summary>
    public DecodedRowGroups Sets { get; } = sets;

    /// <summary>The builder of every row's record.</summary>
    public ResultRecordBuilder Builder { get; } = new();

    /// <summary>The decode of the next row group, running (row group 0 once opened); <see langword="null"/> when none is left.</summary>
    public Task<ParquetColumnValues[]>? Decoding { get; set; } = decoding;

    /// <summary>Waits for a decode still running (its failure belongs to a read nobody continued) and closes the file.</summary>
    public void Close()
    {
        if (Decoding is not null)
        {
            ((Task)Decoding).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
        }

        SyncOverAsync.Run(() => Reader.DisposeAsync().AsTask());
    }
}
