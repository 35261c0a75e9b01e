using System.Runtime.InteropServices;

namespace RunnerHarness.Store;

/// <summary>
/// Makes a rename durable: after a file is renamed into or out of a directory, the directory itself
/// must be fsynced, or a machine crash can lose the new name while the source is already unlinked.
/// .NET has no API for it, so on Linux and macOS this opens the directory and calls <c>fsync</c>
/// through libc. On Windows it does nothing: NTFS journals directory changes itself and a directory
/// cannot be opened for flushing through the file APIs .NET uses.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;

    /// <summary>
    /// Runs before each flush of the current asynchronous flow, with the directory: a test sets it to fail one flush at a
    /// chosen moment (after a rename, with a compaction at a chosen point) that no real file system fault could time. Never
    /// set outside tests; a flow that did not set it (another test's, a task started with its flow suppressed) never sees it.
    /// </summary>
    internal static AsyncLocal<Action<string>?> BeforeFlush { get; } = new();

    /// <summary>Flushes the entries of <paramref name="directory"/> to disk.</summary>
    /// <exception cref="IOException">The directory cannot be opened or flushed; the message names it and the errno.</exception>
    public static void Flush(string directory)
    {
        BeforeFlush.Value?.Invoke(directory);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var descriptor = Open(directory, ReadOnly);
        if (descriptor < 0)
        {
            throw new IOException($"Cannot open the directory {directory} to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"Cannot flush the directory {directory} to disk (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
