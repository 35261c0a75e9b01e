using RunnerHarness.Store;

namespace RunnerHarness.Tests.Store.Integrity;

public sealed class DirectorySyncTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Flush_ExistingDirectory_ReachesLibcFsyncWithoutError()
    {
        // On Windows the flush is documented as a no-op, so there is nothing to reach.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        DirectorySync.Flush(_directory.Path);

        // The call above succeeds as well if Flush did nothing. procfs directories open but refuse fsync (EINVAL), so
        // this error comes from fsync itself: the flush reaches it, after an open that worked.
        var refused = Assert.Throws<IOException>(() => DirectorySync.Flush("/proc"));
        Assert.Equal("Cannot flush the directory /proc to disk (errno 22).", refused.Message);
    }

    [Fact]
    public void Flush_MissingDirectory_ThrowsNamingItAndTheErrno()
    {
        var missing = Path.Combine(_directory.Path, "data", "runs", "run-20261128-0001");

        // On Windows the flush is documented as a no-op, so there is nothing to fail.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var error = Assert.Throws<IOException>(() => DirectorySync.Flush(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("errno 2", error.Message, StringComparison.Ordinal);
    }
}
