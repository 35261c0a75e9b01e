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

    private readonly List<ParquetColumnValues?[]> _held = [];

    /// <summary>The sets of column arrays the read's row groups are decoded into, shared with other reads or its own.</summary>
    public DecodedRowGroups Sets { get; } = sets;

    /// <summary>Takes a set for the next row group's decode; the read holds it until <see cref="Release"/> or <see cref="Close"/>.</summary>
    public ParquetColumnValues?[] Take()
    {
        var set = Sets.Next();
        _held.Add(set);
        return set;
    }

    /// <summary>Gives back the set of a row group the caller has gone past.</summary>
    public void Release(ParquetColumnValues?[] set)
    {
        _held.Remove(set);
        Sets.Release(set);
    }

    /// <summary>The builder of every row's record.</summary>
    public ResultRecordBuilder Builder { get; } = new();

    /// <summary>The decode of the next row group, running (row group 0 once opened); <see langword="null"/> when none is left.</summary>
    public Task<ParquetColumnValues[]>? Decoding { get; set; } = decoding;

    /// <summary>
    /// Waits for a decode still running (its failure belongs to a read nobody continued), gives back the sets the read
    /// still holds (a read abandoned or never enumerated: the shared sets serve the reads after it) and closes the file.
    /// </summary>
    public void Close()
    {
        if (Decoding is not null)
        {
            ((Task)Decoding).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
        }

        foreach (var set in _held)
        {
            Sets.Release(set);
        }

        _held.Clear();

        SyncOverAsync.Run(() => Reader.DisposeAsync().AsTask());
    }
}
