using RunnerHarness.Store;

namespace RunnerHarness.Tests.Store.Integrity;

public sealed class DirectorySyncTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Flush_ExistingDirectory_ReachesLibcFsyncWithoutError()
    {
        DirectorySync.Flush(_directory.Path);
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
