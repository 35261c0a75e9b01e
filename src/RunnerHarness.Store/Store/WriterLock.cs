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

    /// <summary>Takes the lock, or returns <see langword="null"/> while another process holds it.</summary>
    public static WriterLock? TryAcquire(string logFolder)
    {
        // A recovering process may remove an abandoned folder between our create and open: create again.
        for (var attempt = 0; ; attempt++)
        {
            Directory.CreateDirectory(logFolder);
            try
            {
                return new WriterLock(new FileStream(Path.Combine(logFolder, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (DirectoryNotFoundException) when (attempt < 10)
            {
            }
            catch (IOException ex) when (ex is not DirectoryNotFoundException and not FileNotFoundException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Takes the lock, waiting up to <paramref name="patience"/> for a holder that lets go: another
    /// process's recovery holds a new writer's lock for a moment while it checks the folder.
    /// </summary>
    public static WriterLock? Acquire(string logFolder, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var acquired = TryAcquire(logFolder);
            if (acquired is not null || DateTime.UtcNow >= deadline)
            {
                return acquired;
            }

            Thread.Sleep(25);
        }
    }

    /// <summary>
    /// Whether a live process holds the lock of <paramref name="logFolder"/>, found without creating
    /// anything: a folder without a lock file has no live writer (<c>verify</c> promises to change nothing).
    /// </summary>
    public static bool IsHeld(string logFolder)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(logFolder, FileName), FileMode.Open, FileAccess.Read, FileShare.None);
            return false;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
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
