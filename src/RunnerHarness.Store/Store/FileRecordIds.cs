namespace RunnerHarness.Store;

/// <summary>
/// The UUID record ids of one file and the row of each, sorted by id (<see cref="UuidOrderKey"/>): 20 bytes an id, the
/// arrays sized to the file's ids. Found by binary search; an id the file holds more than once is at adjacent places.
/// </summary>
internal sealed class FileRecordIds
{
    private readonly UInt128[] _ids;
    private readonly int[] _rows;

    /// <summary>Takes the first <paramref name="count"/> ids and rows of the buffers, which it sorts in place, into arrays of its own.</summary>
    public FileRecordIds(int file, UInt128[] ids, int[] rows, int count)
    {
        ids.AsSpan(0, count).Sort(rows.AsSpan(0, count));
        _ids = ids.AsSpan(0, count).ToArray();
        _rows = rows.AsSpan(0, count).ToArray();
        File = file;
    }

    /// <summary>The file's index in the list a conflict plan was made of.</summary>
    public int File { get; }

    /// <summary>The ids, ascending.</summary>
    public ReadOnlySpan<UInt128> Ids => _ids;

    /// <summary>Whether <paramref name="id"/> lies within the file's smallest and largest id (the file may still not hold it).</summary>
    public bool Spans(UInt128 id) => _ids.Length > 0 && _ids[0] <= id && id <= _ids[^1];

    /// <summary>The first row holding <paramref name="id"/>, if the file holds it.</summary>
    public bool TryFind(UInt128 id, out int row)
    {
        row = -1;
        var at = Spans(id) ? _ids.AsSpan().BinarySearch(id) : -1;
        if (at < 0)
        {
            return false;
        }

        // A repeat within the file sits next to it in sorted order, its rows in no particular order.
        var first = at;
        while (first > 0 && _ids[first - 1] == id)
        {
            first--;
        }

        row = _rows[first];
        for (var i = first + 1; i < _ids.Length && _ids[i] == id; i++)
        {
            row = Math.Min(row, _rows[i]);
        }

        return true;
    }
}
