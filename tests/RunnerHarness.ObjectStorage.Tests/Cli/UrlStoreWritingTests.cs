using RunnerHarness.Aggregation;
using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Mirroring;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Tests.Emulators;
using RunnerHarness.ObjectStorage.Tests.Transfer;
using RunnerHarness.ObjectStorage.Transfer;
using RunnerHarness.Store;
using RunnerHarness.Tests;

namespace RunnerHarness.ObjectStorage.Tests.Cli;

/// <summary>import, compact and migrate on a URL store: what they write is uploaded, what they replace is deleted, and nothing else.</summary>
public sealed class UrlStoreWritingTests(ObjectStorageEmulators emulators) : IClassFixture<ObjectStorageEmulators>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rh-urlwrite-").FullName;

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task Import_compact_and_migrate_on_a_url_store_leave_every_record_once_for_another_machine(string service)
    {
        var local = SampleStore.Write(Path.Combine(_root, "local"));
        var (location, environment, objects) = await emulators.NewStoreHoldingAsync(service, local);
        var writer = new UrlCli(Path.Combine(_root, "writer"), environment);
        var input = Path.Combine(writer.WorkingDirectory, "nightly.jsonl");
        var imported = ImportLines.Write(input, 50, seed: 3);
        var expected = TestRecords.Varied(600).Select(r => r.RecordId).Concat(imported).ToHashSet(StringComparer.Ordinal);

        var import = writer.Run("import", input, "--kind", "jsonl", "--run", "nightly-2026-12-01", "--store", location.ToString());
        var afterImport = await KeysAsync(objects, location);
        var compact = writer.Run("compact", "--store", location.ToString(), "--json");
        var afterCompact = await KeysAsync(objects, location);
        var compacted = RecordIdsSeenBy(new UrlCli(Path.Combine(_root, "reader-1"), environment), location);
        var migrate = writer.Run("migrate", "--to", "parquet", "--store", location.ToString());
        var afterMigrate = await KeysAsync(objects, location);
        var migrated = RecordIdsSeenBy(new UrlCli(Path.Combine(_root, "reader-2"), environment), location);

        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Contains($"into {location} as run nightly-2026-12-01", import.Out, StringComparison.Ordinal);
        Assert.Contains(afterImport, k => k.Contains("data/runs/nightly-2026-12-01/", StringComparison.Ordinal));
        Assert.True(compact.ExitCode == 0, compact.Error);
        Assert.Contains($"\"store\":\"{location}\"", compact.Out.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        // The JSON Lines files are merged into one (the single Parquet file is left as it is, as on a local store).
        Assert.DoesNotContain(afterCompact, k => k.Contains("/data/runs/", StringComparison.Ordinal) && k.EndsWith(".jsonl", StringComparison.Ordinal));
        Assert.Contains(afterImport, k => k.Contains("/data/runs/run-20261201-0001/", StringComparison.Ordinal));
        Assert.Contains(afterCompact, k => k.Contains("/data/compacted/", StringComparison.Ordinal));
        Assert.Equal(expected, compacted);
        Assert.True(migrate.ExitCode == 0, migrate.Error);
        Assert.All(afterMigrate.Where(k => k.Contains("/data/", StringComparison.Ordinal)), k => Assert.EndsWith(".parquet", k, StringComparison.Ordinal));
        Assert.Equal(expected, migrated);
    }

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task A_compaction_never_deletes_an_object_another_writer_created_after_its_listing(string service)
    {
        var local = SampleStore.Write(Path.Combine(_root, "local"), records: 200);
        var (location, environment, objects) = await emulators.NewStoreHoldingAsync(service, local);
        var mirror = new StoreLayout(Path.Combine(_root, "mirror"));
        var synced = await new MirrorSync(objects, location).SyncAsync(mirror, CancellationToken.None);
        var before = SealedFolders.FilesOf(mirror).Keys.ToHashSet(StringComparer.Ordinal);

        // Another machine seals and uploads a run after this machine listed the store.
        var late = new StoreLayout(Path.Combine(_root, "other-machine"));
        var lateRecords = TestRecords.Varied(30, seed: 5);
        using (var sealer = RecordWriter.Open(late, SampleHoldings.Rule, StorageFormat.Json, "run-20261205-0001"))
        {
            foreach (var record in lateRecords)
            {
                sealer.Append(record);
            }
        }

        Assert.True((await new StoreTransfer(objects, location).UploadAsync(late, CancellationToken.None)).Complete);
        var lateKeys = SealedFolders.FilesOf(late).Keys.Select(location.KeyOf).ToList();
        new StoreCompactor(mirror, SampleHoldings.Rule).Compact(new CompactionOptions { TargetFormat = StorageFormat.Parquet });

        var published = await new MirrorPublish(objects, location).PublishAsync(mirror, synced, before, CancellationToken.None);

        var keys = await KeysAsync(objects, location);
        Assert.Empty(published.Refused);
        Assert.True(published.Deleted > 0);
        Assert.All(lateKeys, k => Assert.Contains(k, keys));
        var reader = RecordIdsSeenBy(new UrlCli(Path.Combine(_root, "reader"), environment), location);
        Assert.Equal(TestRecords.Varied(200).Select(r => r.RecordId).Concat(lateRecords.Select(r => r.RecordId)).ToHashSet(StringComparer.Ordinal), reader);
    }

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task A_reader_between_a_compactions_uploads_and_its_deletions_counts_every_record_once_with_the_same_report(string service)
    {
        var local = SampleStore.Write(Path.Combine(_root, "local"));
        var (location, environment, objects) = await emulators.NewStoreHoldingAsync(service, local);
        var before = new UrlCli(Path.Combine(_root, "reader-before"), environment).Run("report", "--json", "--store", location.ToString());

        // A compaction that uploaded its merged files and has not deleted their sources yet (killed, or about to).
        var mirror = new StoreLayout(Path.Combine(_root, "compacting-machine"));
        await new MirrorSync(objects, location).SyncAsync(mirror, CancellationToken.None);
        var sources = SealedFolders.FilesOf(mirror).Keys.ToHashSet(StringComparer.Ordinal);
        new StoreCompactor(mirror, SampleHoldings.Rule).Compact(new CompactionOptions { TargetFormat = StorageFormat.Parquet });
        var merged = SealedFolders.FilesOf(mirror).Where(f => !sources.Contains(f.Key)).Select(f => f.Value).ToList();
        Assert.NotEmpty(merged);
        Assert.True((await new StoreTransfer(objects, location).UploadFilesAsync(mirror, merged, CancellationToken.None)).Complete);

        var between = new UrlCli(Path.Combine(_root, "reader-between"), environment).Run("report", "--json", "--store", location.ToString());

        Assert.True(before.ExitCode == 0 && between.ExitCode == 0, before.Error + between.Error);
        Assert.Contains("skipped 600 duplicate record(s)", between.Error, StringComparison.Ordinal);
        Assert.Equal(WithoutNotes(before.Out), WithoutNotes(between.Out));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // The report's notes say the duplicates were skipped; everything else must be the same.
    private static string WithoutNotes(string report)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(report)!.AsObject();
        json.Remove("notes");
        return json.ToJsonString();
    }

    /// <summary>The record ids a machine with an empty mirror reads from the URL store, after checking it verifies clean with each id once.</summary>
    internal static HashSet<string> RecordIdsSeenBy(UrlCli machine, StoreLocation location)
    {
        var (code, output, error) = machine.Run("verify", "--store", location.ToString());
        Assert.True(code == 0, output + error);
        var mirror = Directory.GetDirectories(machine.MirrorRoot).Single();
        var ids = new StoreReader(new StoreLayout(mirror)).Read(new RecordQuery()).Select(r => r.RecordId).ToList();
        var distinct = ids.ToHashSet(StringComparer.Ordinal);
        Assert.Equal(ids.Count, distinct.Count);
        Assert.Contains($"{ids.Count} records, {ids.Count} distinct; clean.", output, StringComparison.Ordinal);
        return distinct;
    }

    internal static async Task<List<string>> KeysAsync(IObjectStore objects, StoreLocation location)
    {
        var keys = new List<string>();
        await foreach (var key in objects.ListAsync(location.KeyOf(string.Empty), CancellationToken.None))
        {
            keys.Add(key);
        }

        return keys;
    }
}
