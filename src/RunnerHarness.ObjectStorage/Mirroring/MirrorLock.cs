using RunnerHarness.ObjectStorage.Locations;

namespace RunnerHarness.ObjectStorage.Mirroring;

/// <summary>
/// The lock of one mirror folder (<c>mirror-sync.lock</c>, an advisory lock the operating system drops when its process
/// dies): a sync, a test host's upload pass, and a writing command from its sync to its upload, hold it, so two processes
/// (or two test hosts) of the machine never change the mirror's list of synced files (<see cref="MirrorManifest"/>) at
/// once, and a file one command replaced is not deleted from the URL store before the file that replaced it is uploaded.
/// </summary>
internal sealed class MirrorLock : IDisposable
{
    /// <summary>The lock file's name, at the mirror's root.</summary>
    public const string FileName = "mirror-sync.lock";

    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(100);
    private readonly FileStream _stream;

    private MirrorLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock of the mirror at <paramref name="mirrorRoot"/>, waiting up to <paramref name="wait"/> for another process to release it.</summary>
    /// <exception cref="StoreLocationException">Another process held it for all of <paramref name="wait"/>.</exception>
    public static MirrorLock Acquire(string mirrorRoot, StoreLocation location, TimeSpan wait) =>
        AcquireAsync(mirrorRoot, location, wait, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>
    /// Takes the lock of the mirror at <paramref name="mirrorRoot"/>, waiting up to <paramref name="wait"/> for its holder
    /// (another process, or another test host of this one) to release it, or until <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <exception cref="StoreLocationException">Another holder kept it for all of <paramref name="wait"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public static async Task<MirrorLock> AcquireAsync(string mirrorRoot, StoreLocation location, TimeSpan wait, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(mirrorRoot);
        var path = Path.Combine(mirrorRoot, FileName);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new MirrorLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (File.Exists(path) && DateTime.UtcNow < deadline)
            {
                // Another command or test host of this machine syncs, uploads or writes this mirror; it ends within its own run.
                await Task.Delay(Retry, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (File.Exists(path))
            {
                throw new StoreLocationException($"The local mirror of {location} ({mirrorRoot}) stayed locked by another runner-harness process or test host for {wait.TotalSeconds:0} s ({path}); try again when it ends. ({e.Message})");
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
