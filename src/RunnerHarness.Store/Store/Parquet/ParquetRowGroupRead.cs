using System.Collections;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// The row groups of one Parquet file, its read started ahead of its enumeration (<see cref="ParquetSegmentReader.StartRowGroups"/>):
/// the file is opened and its first row group decoded on a pool thread while the caller still works on the file before,
/// so a store of one-row-group files keeps the pool decoding while the caller folds. Enumerated once; a failure to open
/// or decode surfaces from the enumeration, as a read's does. Dispose closes a read nobody enumerated.
/// </summary>
internal sealed class ParquetRowGroupRead : IEnumerable<ParquetRowGroup>, IDisposable
{
    private readonly Task<ParquetOpenedRead> _opening;
    private bool _taken;

    /// <summary>Wraps the opening <paramref name="opening"/> of the file at <paramref name="path"/>.</summary>
    public ParquetRowGroupRead(string path, Task<ParquetOpenedRead> opening)
    {
        Path = path;
        _opening = opening;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">Enumerated a second time.</exception>
    public IEnumerator<ParquetRowGroup> GetEnumerator()
    {
        if (_taken)
        {
            throw new InvalidOperationException($"The read of {Path} was enumerated already; start another.");
        }

        _taken = true;
        return ParquetSegmentReader.Continue(Path, () => _opening.GetAwaiter().GetResult()).GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Closes the file if the read was never enumerated (an enumerated read closes it itself).</summary>
    public void Dispose()
    {
        if (_taken)
        {
            return;
        }

        _taken = true;
        ((Task)_opening).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
        if (_opening.IsCompletedSuccessfully)
        {
            _opening.Result.Close();
        }
    }
}
