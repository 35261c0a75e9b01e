namespace RunnerHarness.Store;

/// <summary>
/// An exclusive lock on a writer's log folder, held for the writer's lifetime. On Unix it is an
/// advisory <c>flock</c> that the kernel releases when the process dies, so a free lock means the
/// writer is gone and its logs can be sealed by someone else. Unreliable on NFS/SMB.
/// </summary>
internal sealed class WriterLock : IDisposable
{
    private const string FileName = "writer.lock";
    private readonly FileStream _stream;

    private WriterLock(FileStream stream) => _stream = stream;

    public static WriterLock? TryAcquire(string logFolder)
    {
        Directory.CreateDirectory(logFolder);
        try
        {
            var stream = new FileStream(Path.Combine(logFolder, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new WriterLock(stream);
        }
        catch (IOException) when (File.Exists(Path.Combine(logFolder, FileName)))
        {
            return null;
        }
    }

    public static bool IsLockFile(string path) => Path.GetFileName(path) == FileName;

    /// <summary>Removes the lock file while still holding it, so the folder can be removed after release.</summary>
    public void DeleteWhileHeld()
    {
        try
        {
            File.Delete(_stream.Name);
        }
        catch (IOException)
        {
            // Windows refuses to delete an open file; the empty lock file then stays, which is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    public void Dispose() => _stream.Dispose();
}
