namespace RunnerHarness.Store;

/// <summary>
/// Where the first copy of each record id of a list of files is: the file's index in the list and the row, with ids
/// compared as <see cref="RecordIdSet"/> compares them (a UUID in any letter case is one id). A conflict plan's first
/// pass fills it, a file after another, instead of a plain id set, so that a read can later tell, without a set of its
/// own, whether a copy it meets again (in a log, or in a file a compaction wrote while it read) was already yielded.
/// UUIDs, what every writer makes, are kept per file as sorted arrays (<see cref="FileRecordIds"/>, 20 bytes an id, no
/// hash table and no growth slack), each file sorted on the pool while the next is added; which of them repeat is found
/// once every file is in, by merging the files' sorted ids, which costs a comparison an id where files hold ids of
/// different times (UUIDv7: their ranges do not overlap) and a priority queue step an id where they interleave.
/// </summary>
internal sealed class RecordLocations
{
    private const int FirstBufferLength = 4096;

    private readonly List<FileRecordIds> _files = [];
    private readonly Dictionary<string, (int File, int Row)> _others = new(StringComparer.Ordinal);
    private readonly HashSet<string> _repeatedOthers = new(StringComparer.Ordinal);

    // Each ended file's ids are sorted on the pool while the next file's are added (a sort of 100,000 ids takes ~12 ms,
    // which the caller's thread, the id pass's critical path, would otherwise pay), so the ids are gathered into two
    // pairs of buffers in turn: a pair is reused once the sort of the file gathered in it two files before is done.
    private readonly Task<FileRecordIds>?[] _sorts = new Task<FileRecordIds>?[2];
    private readonly List<Task<FileRecordIds>> _sorting = [];
    private readonly UInt128[][] _idBuffers = [new UInt128[FirstBufferLength], new UInt128[FirstBufferLength]];
    private readonly int[][] _rowBuffers = [new int[FirstBufferLength], new int[FirstBufferLength]];
    private int _buffer;

    // The UUIDs of the file being added, in row order until the file ends.
    private UInt128[] _ids;
    private int[] _rows;
    private int _count;
    private int _file = -1;
    private bool _repeatsFound;

    /// <summary>Creates an empty set of locations.</summary>
    public RecordLocations()
    {
        _ids = _idBuffers[0];
        _rows = _rowBuffers[0];
    }

    /// <summary>
    /// Notes <paramref name="recordId"/>, an id already parsed (not none), at row <paramref name="row"/> of file
    /// <paramref name="file"/>. Files are added in ascending index order, each ended by <see cref="EndFile"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A file's ids come after a later file's, or after <see cref="AddRepeats"/>.</exception>
    public void Add(ParsedRecordId recordId, int file, int row)
    {
        if (_repeatsFound)
        {
            throw new InvalidOperationException($"ids of file {file} added after the repeats were found; every file is added before AddRepeats");
        }

        if (file < _file || (_count > 0 && file != _file))
        {
            throw new InvalidOperationException($"ids of file {file} added after ids of file {_file} without ending that file, or out of order; files are added one after another, in ascending order, each ended by EndFile");
        }

        _file = file;
        if (!recordId.IsUuid)
        {
            if (!_others.TryAdd(recordId.Key, (file, row)))
            {
                _repeatedOthers.Add(recordId.Key);
            }

            return;
        }

        if (_count == _ids.Length)
        {
            Array.Resize(ref _ids, _ids.Length * 2);
            Array.Resize(ref _rows, _rows.Length * 2);
        }

        _ids[_count] = UuidOrderKey.Of(recordId.Uuid);
        _rows[_count] = row;
        _count++;
    }

    /// <summary>Ends the file whose ids were added last: its UUIDs are sorted, on the pool, into arrays of their size.</summary>
    public void EndFile()
    {
        if (_count == 0)
        {
            return;
        }

        var (file, ids, rows, count) = (_file, _ids, _rows, _count);
        var sort = Task.Run(() => new FileRecordIds(file, ids, rows, count));
        _sorts[_buffer] = sort;
        _sorting.Add(sort);
        _idBuffers[_buffer] = _ids;
        _rowBuffers[_buffer] = _rows;
        _count = 0;

        // The other pair is free once the sort that last read it is done.
        _buffer = 1 - _buffer;
        _sorts[_buffer]?.GetAwaiter().GetResult();
        _ids = _idBuffers[_buffer];
        _rows = _rowBuffers[_buffer];
    }

    /// <summary>
    /// Adds to <paramref name="repeated"/> the key (<see cref="ParsedRecordId.Key"/>) of every id that the files added
    /// hold more than once, in one file or in several. Call once every file is ended; the buffers the files were
    /// gathered in are released.
    /// </summary>
    public void AddRepeats(HashSet<string> repeated)
    {
        ArgumentNullException.ThrowIfNull(repeated);
        EndFile();
        _repeatsFound = true;
        foreach (var sort in _sorting)
        {
            _files.Add(sort.GetAwaiter().GetResult());
        }

        _sorting.Clear();
        Array.Fill(_idBuffers, []);
        Array.Fill(_rowBuffers, []);
        _ids = [];
        _rows = [];
        repeated.UnionWith(_repeatedOthers);

        // A merge of the files' sorted ids: each file gives, one after another, the run of its ids below the smallest
        // id another file has left, so files whose ranges do not overlap cost one comparison an id and no queue work.
        var next = new int[_files.Count];
        var queue = new PriorityQueue<int, UInt128>(_files.Count);
        for (var slot = 0; slot < _files.Count; slot++)
        {
            queue.Enqueue(slot, _files[slot].Ids[0]);
        }

        var hasPrevious = false;
        UInt128 previous = default;
        while (queue.TryDequeue(out var slot, out _))
        {
            var ids = _files[slot].Ids;
            var bounded = queue.TryPeek(out _, out var bound);
            var at = next[slot];
            do
            {
                var id = ids[at];
                if (hasPrevious && id == previous)
                {
                    repeated.Add(UuidOrderKey.ToUuid(id).ToString("D"));
                }

                previous = id;
                hasPrevious = true;
                at++;
            }
            while (at < ids.Length && (!bounded || ids[at] < bound));

            next[slot] = at;
            if (at < ids.Length)
            {
                queue.Enqueue(slot, ids[at]);
            }
        }
    }

    /// <summary>
    /// Where the first copy of <paramref name="recordId"/> is (the lowest file, then the lowest row), if any file holds it.
    /// Knows the UUIDs of the files only once <see cref="AddRepeats"/> has gathered their sorted arrays.
    /// </summary>
    public bool TryGet(string recordId, out (int File, int Row) location)
    {
        if (!Guid.TryParseExact(recordId, "D", out var uuid))
        {
            return _others.TryGetValue(recordId, out location);
        }

        // Files were added in ascending index order, so the first that holds the id holds its first copy.
        var key = UuidOrderKey.Of(uuid);
        foreach (var file in _files)
        {
            if (file.TryFind(key, out var row))
            {
                location = (file.File, row);
                return true;
            }
        }

        location = default;
        return false;
    }
}
