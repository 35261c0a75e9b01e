using RunnerHarness.Store;

namespace RunnerHarness.Interop;

/// <summary>
/// The store-wide lock every import holds from its conflict check until its records are sealed
/// (<c>&lt;store&gt;/import.lock</c>): two imports of the same ids with different content cannot both check an
/// unchanged store and then both write; the second checks what the first sealed. On Unix an advisory lock the
/// kernel releases when the process dies, so a killed import never leaves the store locked.
/// </summary>
internal sealed class ImportLock : IDisposable
{
    /// <summary>The lock file's name in the store root.</summary>
    public const string FileName = "import.lock";

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private readonly FileStream _stream;

    private ImportLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock of <paramref name="layout"/>'s store, waiting up to <paramref name="patience"/> for another import to end.</summary>
    /// <exception cref="StoreWriteException">Another import held it for all of <paramref name="patience"/>.</exception>
    public static ImportLock Acquire(StoreLayout layout, TimeSpan patience, TimeProvider clock)
    {
        Directory.CreateDirectory(layout.Root);
        var path = Path.Combine(layout.Root, FileName);
        var deadline = clock.GetUtcNow() + patience;
        while (true)
        {
            try
            {
                return new ImportLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException ex) when (ex is not DirectoryNotFoundException && File.Exists(path))
            {
                if (clock.GetUtcNow() >= deadline)
                {
                    throw new StoreWriteException(
                        $"Another import into the store {layout.Root} has held {path} for {patience.TotalSeconds:0} seconds; nothing was written. Try again when it ends.", ex);
                }
            }

            // Waiting for another process to let go: nothing to wake us but time.
            Thread.Sleep(Poll);
        }
    }

    public void Dispose() => _stream.Dispose();
}
