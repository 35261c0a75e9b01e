namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Open handles of sealed files (Parquet, and JSON Lines since their id pass hashes the bytes it scans) a command's
/// first pass over them (the conflict plan's id pass) has just
/// checked against the checksum in their names, kept for the read that follows so that the read verifies nothing
/// again: it reads through the very handle whose bytes were hashed, so what it decodes is the file that was proven,
/// even if the path was since replaced or deleted. A read finding no handle here opens and verifies the file itself.
/// At most <see cref="Capacity"/> handles are kept (a store of many small files must not hold as many descriptors);
/// the files past it are verified by their read, as before. Not thread-safe: one reader's passes use it in turn.
/// </summary>
internal sealed class VerifiedSegments : IDisposable
{
    /// <summary>The most handles kept at once.</summary>
    public const int Capacity = 64;

    private readonly Dictionary<string, FileStream> _handles = new(StringComparer.Ordinal);
    private bool _disposed;

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

    /// <summary>The verified handle of <paramref name="path"/>, handed over to the caller (once), or <see langword="null"/>.</summary>
    public FileStream? Take(string path) => _handles.Remove(path, out var file) ? file : null;

    /// <summary>Closes the handles no read took.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var file in _handles.Values)
        {
            file.Dispose();
        }

        _handles.Clear();
    }
}
