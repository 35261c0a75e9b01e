using RunnerHarness.Aggregation;
using RunnerHarness.ObjectStorage.Hosting;
using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Mirroring;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Tests.Cli;
using RunnerHarness.ObjectStorage.Tests.Emulators;
using RunnerHarness.ObjectStorage.Transfer;
using RunnerHarness.Store;
using RunnerHarness.Tests;

namespace RunnerHarness.ObjectStorage.Tests.Hosting;

/// <summary>
/// A test host's mirror (<see cref="MirroredRemoteStore"/>) beside the CLI's commands on another machine: what another
/// machine compacted away is neither kept in the host's mirror nor uploaded again by it.
/// </summary>
public sealed class MirroredRemoteStoreTests(ObjectStorageEmulators emulators) : IClassFixture<ObjectStorageEmulators>, IDisposable
{
    private const int RunsOfNightly = 3;
    private const int RecordsPerRun = 80;

    private readonly string _root = Directory.CreateTempSubdirectory("rh-urlhostmirror-").FullName;

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task A_test_host_after_another_machine_compacted_removes_the_compacted_away_summaries_counts_each_record_once_and_uploads_none_of_them(string service)
    {
        var (location, environment, objects) = await emulators.NewStoreHoldingAsync(service, NightlyStore(Path.Combine(_root, "seed")));
        var mirrorA = new StoreLayout(Path.Combine(_root, "machine-a", "mirror"));

        // Machine A's test host syncs the three nightly files' summaries into its mirror (planning needs no more) and ends.
        var storeData = (await UrlStoreWritingTests.KeysAsync(objects, location)).Select(location.RelativePathOf).Where(r => r.StartsWith("data/", StringComparison.Ordinal)).ToList();
        using (var host = new MirroredRemoteStore(objects, location, mirrorA.Root))
        {
            host.Synchronize(CancellationToken.None);
            host.CompleteUploads(CancellationToken.None);
        }

        Assert.Equal(RunsOfNightly, storeData.Count);
        Assert.Empty(DataFilesOf(mirrorA));
        Assert.Equal(RunsOfNightly, SummariesOf(mirrorA).Count);

        // Machine B compacts the store with the CLI: the three files become one.
        var compact = new UrlCli(Path.Combine(_root, "machine-b"), environment).Run("compact", "--store", location.ToString());
        Assert.True(compact.ExitCode == 0, compact.Error);
        var afterCompact = await UrlStoreWritingTests.KeysAsync(objects, location);
        Assert.DoesNotContain(afterCompact, k => storeData.Contains(location.RelativePathOf(k)));

        // Machine A's next test host syncs and runs its upload passes.
        string synchronized;
        using (var host = new MirroredRemoteStore(objects, location, mirrorA.Root))
        {
            synchronized = host.Synchronize(CancellationToken.None);
            host.CompleteUploads(CancellationToken.None);
            Assert.Equal(0, host.Uploaded);
        }

        var afterHost = await UrlStoreWritingTests.KeysAsync(objects, location);
        Assert.Equal(afterCompact.Order(StringComparer.Ordinal), afterHost.Order(StringComparer.Ordinal));
        Assert.Equal(
            afterHost.Select(location.RelativePathOf).Where(r => r.StartsWith("summaries/", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            SummariesOf(mirrorA).Order(StringComparer.Ordinal));

        // Each nightly's summary; planning counts each record once, from the merged file's summary alone.
        Assert.Contains($", {RunsOfNightly} removed as the store no longer holds them", synchronized, StringComparison.Ordinal);
        Assert.Empty(DataFilesOf(mirrorA));
        var planned = new Store.Summaries.StoreSummaryReader(mirrorA, SampleHoldings.Rule);
        Assert.Equal(RunsOfNightly * RecordsPerRun, planned.Read(runIds: null, includeLiveLogs: true).Sum(summary => summary.Records));
        Assert.Empty(planned.Problems);

        // A reader of records syncs them too: the merged file, each record once.
        using (var host = new MirroredRemoteStore(objects, location, mirrorA.Root))
        {
            host.SynchronizeRecords(CancellationToken.None);
        }

        Assert.Equal(
            afterHost.Select(location.RelativePathOf).Where(r => r.StartsWith("data/", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            DataFilesOf(mirrorA).Order(StringComparer.Ordinal));
        var ids = new StoreReader(mirrorA).Read(new RecordQuery()).Select(r => r.RecordId).ToList();
        Assert.Equal(RunsOfNightly * RecordsPerRun, ids.Count);
        Assert.Equal(TestRecords.Varied(RunsOfNightly * RecordsPerRun).Select(r => r.RecordId).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.ToHashSet(StringComparer.Ordinal), UrlStoreWritingTests.RecordIdsSeenBy(new UrlCli(Path.Combine(_root, "machine-check"), environment), location));
    }

    [EmulatorFact]
    public async Task An_upload_pass_waits_for_a_command_holding_the_mirror_until_cancelled_and_uploads_once_it_is_released()
    {
        var (location, environment) = await emulators.NewStoreAsync("s3");
        var objects = ObjectStoreConnector.Open(location, environment);
        var mirror = new StoreLayout(Path.Combine(_root, "machine-a", "mirror"));
        using (var writer = RecordWriter.Open(mirror, SampleHoldings.Rule, StorageFormat.Json, "nightly-2026-12-04"))
        {
            foreach (var record in TestRecords.Varied(RecordsPerRun))
            {
                writer.Append(record);
            }
        }

        using var host = new MirroredRemoteStore(objects, location, mirror.Root);
        using (MirrorLock.Acquire(mirror.Root, location, TimeSpan.Zero))
        {
            // A writing command of the machine holds the mirror for the whole call: the pass waits, and only its cancellation ends the wait.
            using var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            Assert.ThrowsAny<OperationCanceledException>(() => host.CompleteUploads(cancelled.Token));
            Assert.Empty(await UrlStoreWritingTests.KeysAsync(objects, location));
        }

        var completed = host.CompleteUploads(CancellationToken.None);

        var own = SealedFolders.FilesOf(mirror).Keys.ToList();
        Assert.Equal(2, own.Count); // The data file and its summary.
        Assert.Equal($"2 files uploaded to {location}", completed);
        Assert.Equal(own, (await UrlStoreWritingTests.KeysAsync(objects, location)).Select(location.RelativePathOf).Order(StringComparer.Ordinal));
        Assert.Equal(own, MirrorManifest.Read(mirror.Root).Order(StringComparer.Ordinal));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A store of three nightly runs, each sealed as one JSON Lines file: what a compaction merges.</summary>
    private static StoreLayout NightlyStore(string root)
    {
        var layout = new StoreLayout(root);
        var records = TestRecords.Varied(RunsOfNightly * RecordsPerRun);
        for (var run = 0; run < RunsOfNightly; run++)
        {
            using var writer = RecordWriter.Open(layout, SampleHoldings.Rule, StorageFormat.Json, $"nightly-2026-12-0{run + 1}");
            foreach (var record in records.Skip(run * RecordsPerRun).Take(RecordsPerRun))
            {
                writer.Append(record);
            }
        }

        return layout;
    }

    /// <summary>The summaries of <paramref name="mirror"/>, relative to its root.</summary>
    private static List<string> SummariesOf(StoreLayout mirror) =>
        [.. SealedFolders.FilesOf(mirror).Keys.Where(r => r.StartsWith("summaries/", StringComparison.Ordinal))];

    /// <summary>The sealed data files of <paramref name="mirror"/>, relative to its root.</summary>
    private static List<string> DataFilesOf(StoreLayout mirror) =>
        [.. SealedFolders.FilesOf(mirror).Keys.Where(r => r.StartsWith("data/", StringComparison.Ordinal))];
}
