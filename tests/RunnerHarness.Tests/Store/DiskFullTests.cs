using System.Diagnostics;
using System.Globalization;
using RunnerHarness.Aggregation;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Store;

/// <summary>
/// A writer process meets a full disk (a 1 MiB tmpfs): it stops with an error that says so, every record it
/// reported durable before is readable afterwards, and writing works again once space is freed.
/// </summary>
public sealed class DiskFullTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly TemporaryDirectory _directory = new();
    private readonly string _mount;

    public DiskFullTests()
    {
        _mount = Path.Combine(_directory.Path, "small-disk");
        Directory.CreateDirectory(_mount);
    }

    [RootOnlyTheory]
    [InlineData("json")]
    [InlineData("parquet")]
    public async Task Writer_DiskFullThenSpaceFreed_StopsWithAClearErrorKeepsEveryDurableRecordAndWritesAgain(string format)
    {
        await Mount();
        var store = Path.Combine(_mount, "store");
        var filler = Path.Combine(_mount, "filler");
        await File.WriteAllBytesAsync(filler, new byte[600_000]);

        int durable;
        string error;
        using (var probe = StoreProbeProcess.Start("append", store, format, "disk-full", "100000", "100"))
        {
            var (exitCode, lines, stderr) = await probe.WaitForAnyExitAsync(Timeout);
            Assert.NotEqual(0, exitCode);
            durable = lines.Where(l => l.StartsWith("durable ", StringComparison.Ordinal))
                .Select(l => int.Parse(l["durable ".Length..], CultureInfo.InvariantCulture))
                .DefaultIfEmpty(0)
                .Max();
            error = stderr;
        }

        Assert.Contains("No space left on device", error, StringComparison.Ordinal);
        Assert.Contains(store, error, StringComparison.Ordinal);
        Assert.True(durable > 0, $"the disk filled before the first flush: {error}");

        File.Delete(filler);
        var layout = new StoreLayout(store);
        LogRecovery.SealOrphanedLogs(layout, SampleHoldings.Rule, Enum.Parse<StorageFormat>(format, ignoreCase: true));
        var survivors = new StoreReader(layout).Read().Select(r => r.SampleIndex!.Value).ToHashSet();
        Assert.True(Enumerable.Range(1, durable).All(survivors.Contains), $"{durable} records were reported durable, {survivors.Count} survived");

        using (var again = StoreProbeProcess.Start("append", store, format, "after-space-freed", "200", "100"))
        {
            Assert.Equal("done 200", await again.WaitForLineAsync("done ", Timeout));
        }

        Assert.Equal(survivors.Count + 200, new StoreReader(layout).Read().Count());
        Assert.True(new StoreVerifier(layout, SampleHoldings.Rule).Verify().IsClean);
    }

    public void Dispose()
    {
        using (var unmount = Process.Start("umount", ["-l", _mount]))
        {
            unmount.WaitForExit();
        }

        _directory.Dispose();
    }

    private async Task Mount()
    {
        using var mount = Process.Start(new ProcessStartInfo("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", _mount]) { RedirectStandardError = true });
        await mount!.WaitForExitAsync();
        Assert.True(mount.ExitCode == 0, $"mount of a 1 MiB tmpfs failed: {await mount.StandardError.ReadToEndAsync()}");
    }
}
