namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Open handles of sealed files (Parquet, and JSON Lines since their id pass hashes the bytes it scans) a command's
/// first pass over them (the conflict plan's id pass) has just
/// checked against the checksum in their names, kept for the read that follows so that the read verifies nothing
/// again: it reads through the very handle whose bytes were hashed, so what it decodes is the file that was proven,
/// even if the path was since replaced or deleted. A read finding no handle here opens and verifies the file itself.
/// At most <see cref="Capacity"/> handles are kept, <see cref="DefaultCapacity"/> unless a pass that needs every file's
/// handle raised it (<see cref="HoldEvery"/>); the files past it are verified by their read, as before. Not thread-safe:
/// one reader's passes use it in turn.
/// </summary>
internal sealed class VerifiedSegments : IDisposable
{
    /// <summary>The most handles kept at once for a pass that merely saves the read a second hash.</summary>
    public const int DefaultCapacity = 64;

    /// <summary>
    /// The most handles <see cref="HoldEvery"/> agrees to keep (one descriptor a file): a store of thousands of files is
    /// swept, one of more takes the pass that holds every id, which needs no handle kept. A process whose descriptor limit
    /// is lower fails to open a file in the sweep, which then hands over to that pass too.
    /// </summary>
    public const int MostHandles = 4096;

    // As the readers' own file buffers.
    private const int BorrowBufferSize = 1 << 16;

    private readonly Dictionary<string, FileStream> _handles = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>The most handles kept at once now.</summary>
    public int Capacity { get; private set; } = DefaultCapacity;

    /// <summary>
    /// Raises <see cref="Capacity"/> so that every one of <paramref name="files"/> files can keep its handle, for a pass
    /// that is sound only when the read that follows opens no file by its path (<see cref="ClaimedIdSweep"/>);
    /// <see langword="false"/> (nothing changed) when that is more than <see cref="MostHandles"/>.
    /// </summary>
    public bool HoldEvery(int files)
    {
        if (files > MostHandles)
        {
            return false;
        }

        Capacity = Math.Max(Capacity, files);
        return true;
    }

    /// <summary>
    /// Closes every kept handle and lowers <see cref="Capacity"/> to <see cref="DefaultCapacity"/> again: a pass that
    /// raised it and then could not vouch for its answer leaves the pass after it the descriptors it had.
    /// </summary>
    public void LetGo()
    {
        foreach (var file in _handles.Values)
        {
            file.Dispose();
        }

        _handles.Clear();
        Capacity = DefaultCapacity;
    }

    /// <summary>
    /// Keeps <paramref name="file"/>, the open handle of <paramref name="path"/> whose whole content matched the checksum
    /// in the name, for <see cref="Take"/>; <see langword="false"/> when full or disposed (the caller still owns the handle).
    /// </summary>
    public bool TryKeep(string path, FileStream file)
    {
        if (_disposed || _handles.Count >= Capacity || _handles.ContainsKey(path))
        {
            return false;
        }

        _handles.Add(path, file);
        return true;
    }

    /// <summary>Whether a verified handle of <paramref name="path"/> is kept (not taken yet).</summary>
    public bool Holds(string path) => _handles.ContainsKey(path);

    /// <summary>
    /// A read-only view of the verified handle of <paramref name="path"/> from its start, lent without handing the handle
    /// over (<see cref="Take"/> still gives it to the read that follows, unmoved), or <see langword="null"/> when none is
    /// kept: a pass that must see the very bytes the read will decode (the conflict plan's decision of which copy counts)
    /// reads through it. Buffered, so that byte-wise decoding (Parquet's footer) costs no system call a byte. Disposing
    /// it leaves the handle open; it must be disposed before this is.
    /// </summary>
    public Stream? Borrow(string path) =>
        _handles.TryGetValue(path, out var file) ? new BufferedStream(new VerifiedSegmentView(path, file.SafeFileHandle), BorrowBufferSize) : null;

    /// <summary>The verified handle of <paramref name="path"/>, handed over to the caller (once), or <see langword="null"/>.</summary>
    public FileStream? Take(string path) => _handles.Remove(path, out var file) ? file : null;

    /// <summary>Closes the handles no read took.</summary>
    public void Dispose()
    {
        _disposed = true;
        LetGo();
    }
}
