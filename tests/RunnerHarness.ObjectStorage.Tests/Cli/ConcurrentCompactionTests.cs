using RunnerHarness.Aggregation;
using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Mirroring;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Tests.Emulators;
using RunnerHarness.ObjectStorage.Tests.Transfer;
using RunnerHarness.ObjectStorage.Transfer;
using RunnerHarness.Store;
using RunnerHarness.Store.Transcripts;
using RunnerHarness.Transcripts;
using RunnerHarness.Tests;

namespace RunnerHarness.ObjectStorage.Tests.Cli;

/// <summary>
/// Compactions beside other machines' writers: three "machines" (each with its own working folder and mirror, no shared
/// disk but the URL store), one compacting again and again while two import runs (the importers are processes of the
/// built tool; the compactor runs the same command line in the test host, <see cref="UrlCli.RunAsTheTool"/>, so its
/// many compactions pay the runtime's start-up once); and two machines compacting the same objects at once. Afterwards
/// every record is there exactly once.
/// </summary>
public sealed class ConcurrentCompactionTests(ObjectStorageEmulators emulators) : IClassFixture<ObjectStorageEmulators>, IDisposable
{
    // Two imports a writer: the second meets a compaction before or while it runs, which is the claim; a third met one too.
    private const int ImportsPerWriter = 2;
    private const int RecordsPerImport = 40;

    private readonly string _root = Directory.CreateTempSubdirectory("rh-urlconcurrent-").FullName;

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task Compaction_on_one_machine_while_two_others_import_leaves_every_record_exactly_once(string service)
    {
        var local = SampleStore.Write(Path.Combine(_root, "seed"), records: 300);
        var (location, environment, objects) = await emulators.NewStoreHoldingAsync(service, local);
        var url = location.ToString();
        var compactor = new UrlCli(Path.Combine(_root, "machine-compact"), environment);
        var writers = new[] { new UrlCli(Path.Combine(_root, "machine-a"), environment), new UrlCli(Path.Combine(_root, "machine-b"), environment) };
        var expected = TestRecords.Varied(300).Select(r => r.RecordId).ToHashSet(StringComparer.Ordinal);
        var inputs = new List<string>[2];
        for (var w = 0; w < writers.Length; w++)
        {
            inputs[w] = [];
            for (var i = 0; i < ImportsPerWriter; i++)
            {
                var path = Path.Combine(writers[w].WorkingDirectory, $"shard-{w}-{i}.jsonl");
                expected.UnionWith(ImportLines.Write(path, RecordsPerImport, seed: 100 * (w + 1) + i));
                inputs[w].Add(path);
            }
        }

        // The writers' later imports wait for the first compaction to finish, and the compactor keeps compacting until
        // both writers are done: every writer's import after its first meets a compaction before or while it runs.
        var firstCompaction = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        async Task WriteAsync(int w)
        {
            for (var i = 0; i < ImportsPerWriter; i++)
            {
                if (i == 1)
                {
                    await firstCompaction.Task;
                }

                var (code, output, error) = await writers[w].RunProcessAsync("import", inputs[w][i], "--kind", "jsonl", "--run", $"shard-{w}-{i}", "--store", url);
                if (code != 0)
                {
                    failures.Enqueue($"import {w}/{i} exited {code}: {output}{error}");
                }
            }
        }

        var writing = Task.WhenAll(WriteAsync(0), WriteAsync(1));
        var compactions = 0;
        while (true)
        {
            var finishedBefore = writing.IsCompleted;
            var (code, output, error) = await Task.Run(() => compactor.RunAsTheTool("compact", "--store", url));
            compactions++;
            if (code != 0)
            {
                failures.Enqueue($"compaction {compactions} exited {code}: {output}{error}");
            }

            firstCompaction.TrySetResult();
            if (finishedBefore)
            {
                break;
            }
        }

        await writing;
        Assert.Empty(failures);
        Assert.True(compactions >= 2, $"{compactions} compaction(s)");
        var seen = UrlStoreWritingTests.RecordIdsSeenBy(new UrlCli(Path.Combine(_root, "machine-check"), environment), location);
        Assert.Equal(300 + (2 * ImportsPerWriter * RecordsPerImport), seen.Count);
        Assert.Equal(expected, seen);
    }

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task A_compaction_published_after_another_machine_imported_since_its_sync_leaves_the_imported_records(string service)
    {
        var (location, environment, objects) = await emulators.NewStoreHoldingAsync(service, SampleStore.Write(Path.Combine(_root, "seed"), records: 300));
        var machines = new CompactingMachines(_root, objects, location);
        await machines.SyncAndCompactAsync(0);

        // The interleaving the test above leaves to chance, forced: an import lands between this compaction's sync and
        // its publish, so the store holds objects the compaction's listing never saw and its mirror lacks.
        var importer = new UrlCli(Path.Combine(_root, "machine-import"), environment);
        var input = Path.Combine(importer.WorkingDirectory, "shard-between.jsonl");
        var imported = ImportLines.Write(input, RecordsPerImport, seed: 900);
        var (code, output, error) = await Task.Run(() => importer.RunAsTheTool("import", input, "--kind", "jsonl", "--run", "shard-between", "--store", location.ToString()));
        Assert.True(code == 0, output + error);
        var published = await machines.PublishAsync(0);

        Assert.Empty(published.Refused);
        Assert.True(published.Deleted > 0, "the compaction replaced no object");
        var expected = TestRecords.Varied(300).Select(r => r.RecordId).Concat(imported).ToHashSet(StringComparer.Ordinal);
        var seen = UrlStoreWritingTests.RecordIdsSeenBy(new UrlCli(Path.Combine(_root, "machine-check"), environment), location);
        Assert.Equal(300 + RecordsPerImport, seen.Count);
        Assert.Equal(expected, seen);
    }

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task Two_compactions_of_the_same_objects_at_once_on_two_machines_leave_every_record_in_exactly_one_data_object(string service)
    {
        var (location, environment, objects) = await emulators.NewStoreHoldingAsync(service, SampleStore.Write(Path.Combine(_root, "seed"), records: 300));

        // Both machines sync and compact before either publishes: both listed the same sealed objects, both merge them,
        // and the second one's conditional deletes find its inputs already gone.
        var machines = new CompactingMachines(_root, objects, location);
        await machines.SyncAndCompactAsync(0, 1);
        var secondOutputs = SealedFolders.FilesOf(machines.Mirrors[1]).Keys.Where(k => k.StartsWith("data/compacted/", StringComparison.Ordinal)).ToList();
        var first = await machines.PublishAsync(0);
        var second = await machines.PublishAsync(1);

        Assert.Single(secondOutputs);
        Assert.Empty(first.Refused);
        Assert.Empty(second.Refused);
        Assert.True(first.Deleted > 0);
        Assert.Equal(first.Deleted, second.AlreadyGone);

        // The tie-break: the output complete before the other's uploads began stays; only the later one removes itself.
        Assert.Equal(0, first.Redundant);
        Assert.True(second.Redundant > 0);

        // The removed merged object took its summary with it: one data object, one summary, none of them the second machine's.
        var keys = await UrlStoreWritingTests.KeysAsync(objects, location);
        Assert.Single(keys, k => k.Contains("/data/", StringComparison.Ordinal));
        Assert.Single(keys, k => k.Contains("/summaries/", StringComparison.Ordinal));
        Assert.DoesNotContain(keys, k => secondOutputs.Any(o => k.EndsWith(o, StringComparison.Ordinal)));
        var checker = new UrlCli(Path.Combine(_root, "machine-check"), environment);
        var expected = TestRecords.Varied(300).Select(r => r.RecordId).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(expected, UrlStoreWritingTests.RecordIdsSeenBy(checker, location));

        // Counted per data object, not through a reader (which counts a duplicate once): each id in exactly one object.
        var mirror = new StoreLayout(Directory.GetDirectories(checker.MirrorRoot).Single());
        var held = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in SealedFolders.FilesOf(mirror).Where(f => f.Key.StartsWith("data/", StringComparison.Ordinal)))
        {
            foreach (var record in SegmentFormats.ReaderFor(file.Value)!.Read(file.Value, RecordProjection.All, p => Assert.Fail(p.ToString())))
            {
                held.TryAdd(record.RecordId, []);
                held[record.RecordId].Add(file.Key);
            }
        }

        var twice = held.Where(h => h.Value.Count != 1).Select(h => $"{h.Key} in {string.Join(", ", h.Value)}").ToList();
        Assert.True(twice.Count == 0, $"{twice.Count} record id(s) held by more than one data object, e.g. {twice.FirstOrDefault()}");
        Assert.Equal(expected, held.Keys.ToHashSet(StringComparer.Ordinal));
    }

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task Two_compactions_of_the_same_objects_with_transcripts_leave_every_transcript_row_in_exactly_one_transcripts_object(string service)
    {
        // Two runs with transcripts, one sealed as JSON Lines and one as Parquet: both compactions merge both into one of each.
        var seed = new StoreLayout(Path.Combine(_root, "seed"));
        var records = TestRecords.Varied(80, seed: 21);
        TranscriptMessage[] transcript =
        [
            new() { Role = TranscriptRoles.User, Model = "gpt-4o-mini", Content = "Book the 09:40 train from Leeds to York and email the receipt." },
            new() { Role = TranscriptRoles.Assistant, Model = "gpt-4o-mini", Content = "Booked: 09:40 Leeds to York, seat 42C; receipt sent." },
        ];
        foreach (var (format, run, part) in new[] { (StorageFormat.Json, "run-20261203-0001", records.Take(40)), (StorageFormat.Parquet, "run-20261204-0001", records.Skip(40)) })
        {
            using var sealer = RecordWriter.Open(seed, SampleHoldings.Rule, format, run);
            foreach (var record in part)
            {
                sealer.Append(record, transcript);
            }
        }

        var (location, environment, objects) = await emulators.NewStoreHoldingAsync(service, seed);
        var machines = new CompactingMachines(_root, objects, location);
        await machines.SyncAndCompactAsync(0, 1);
        var first = await machines.PublishAsync(0);
        var second = await machines.PublishAsync(1);

        Assert.Equal(0, first.Redundant);
        Assert.True(second.Redundant >= 2, $"{second.Redundant} removed");
        var keys = await UrlStoreWritingTests.KeysAsync(objects, location);
        Assert.Single(keys, k => k.Contains("/data/", StringComparison.Ordinal));
        Assert.Single(keys, k => k.Contains("/transcripts/", StringComparison.Ordinal));
        var checker = new UrlCli(Path.Combine(_root, "machine-check"), environment);
        Assert.Equal(records.Select(r => r.RecordId).ToHashSet(StringComparer.Ordinal), UrlStoreWritingTests.RecordIdsSeenBy(checker, location));
        var mirror = new StoreLayout(Directory.GetDirectories(checker.MirrorRoot).Single());
        var rows = TranscriptFiles.List(mirror).Files.SelectMany(f => TranscriptFiles.ReadSealed(f, p => Assert.Fail(p.Message))).ToList();
        Assert.Equal(records.Count * transcript.Length, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => (r.RecordId, r.Sequence)).Distinct().Count());
    }

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task When_the_later_of_two_compactions_wins_every_delete_it_still_removes_its_own_duplicate_and_the_earlier_keeps_its_own(string service)
    {
        var (location, environment, objects) = await emulators.NewStoreHoldingAsync(service, SampleStore.Write(Path.Combine(_root, "seed"), records: 300));

        // Machine B compacts first, so its merged object's name sorts lower: the tie-break is not the name.
        var machines = new CompactingMachines(_root, objects, location);
        await machines.SyncAndCompactAsync(1, 0);
        var outputs = machines.Mirrors.Select(m => SealedFolders.FilesOf(m).Keys.Single(k => k.StartsWith("data/compacted/", StringComparison.Ordinal))).ToList();
        Assert.True(string.CompareOrdinal(outputs[1], outputs[0]) < 0, $"{outputs[1]} sorts after {outputs[0]}");

        // Machine A uploads and stops before its first delete; machine B publishes whole (wins every delete); then A goes on.
        var gate = new DeletionGateObjectStore(objects);
        var firstPublish = machines.PublishAsync(0, through: gate);
        await gate.Reached.WaitAsync(TimeSpan.FromMinutes(2));
        var second = await machines.PublishAsync(1);
        gate.Release();
        var first = await firstPublish;

        Assert.True(second.Deleted > 0);
        Assert.Equal(0, second.AlreadyGone);
        Assert.Equal(second.Deleted, first.AlreadyGone);
        Assert.Equal(0, first.Redundant);
        Assert.True(second.Redundant > 0);
        var keys = await UrlStoreWritingTests.KeysAsync(objects, location);
        Assert.Single(keys, k => k.Contains("/data/", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.EndsWith(outputs[0], StringComparison.Ordinal));
        var expected = TestRecords.Varied(300).Select(r => r.RecordId).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(expected, UrlStoreWritingTests.RecordIdsSeenBy(new UrlCli(Path.Combine(_root, "machine-check"), environment), location));
    }

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task A_compaction_keeps_its_merged_object_when_the_other_compactions_objects_lack_one_of_its_records(string service)
    {
        var (location, environment, objects) = await emulators.NewStoreHoldingAsync(service, SampleStore.Write(Path.Combine(_root, "seed"), records: 200));
        var machines = new CompactingMachines(_root, objects, location);
        await machines.SyncAsync(0);
        await machines.SyncAsync(1);

        // Machine B's compaction also merges a run it sealed itself and never uploaded: its merged object holds records
        // that machine A's does not, so it is no duplicate and must stay.
        var own = TestRecords.Varied(25, seed: 11);
        using (var sealer = RecordWriter.Open(machines.Mirrors[1], SampleHoldings.Rule, StorageFormat.Json, "run-20261206-0001"))
        {
            foreach (var record in own)
            {
                sealer.Append(record);
            }
        }

        machines.NoteSealed(1);
        machines.Compact(0);
        machines.Compact(1);
        var first = await machines.PublishAsync(0);
        var second = await machines.PublishAsync(1);

        Assert.Empty(second.Refused);
        Assert.True(second.AlreadyGone > 0);
        Assert.Equal(0, first.Redundant);
        Assert.Equal(0, second.Redundant);
        var keys = await UrlStoreWritingTests.KeysAsync(objects, location);
        Assert.Equal(2, keys.Count(k => k.Contains("/data/compacted/", StringComparison.Ordinal)));
        var machine = new UrlCli(Path.Combine(_root, "machine-check"), environment);
        var (code, output, error) = machine.Run("report", "--json", "--store", location.ToString());
        Assert.True(code == 0, output + error);
        var mirrorCheck = new StoreLayout(Directory.GetDirectories(machine.MirrorRoot).Single());
        var ids = new StoreReader(mirrorCheck).Read(new RecordQuery()).Select(r => r.RecordId).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(TestRecords.Varied(200).Concat(own).Select(r => r.RecordId).ToHashSet(StringComparer.Ordinal), ids);
    }

    /// <summary>
    /// Two machines' mirrors of one URL store, taken through the compact command's steps (sync, compact, publish) one
    /// step at a time, so a test decides how the two interleave.
    /// </summary>
    private sealed class CompactingMachines(string root, IObjectStore objects, StoreLocation location)
    {
        private readonly MirrorSyncResult[] _synced = new MirrorSyncResult[2];
        private readonly IReadOnlySet<string>[] _sealedBefore = new IReadOnlySet<string>[2];

        public StoreLayout[] Mirrors { get; } = [new(Path.Combine(root, "machine-a", "mirror")), new(Path.Combine(root, "machine-b", "mirror"))];

        public async Task SyncAsync(int machine)
        {
            _synced[machine] = await new MirrorSync(objects, location).SyncAsync(Mirrors[machine], CancellationToken.None);
            NoteSealed(machine);
        }

        // What the publish tells apart from the compaction's outputs: the sealed files the mirror held before compacting.
        public void NoteSealed(int machine) => _sealedBefore[machine] = SealedFolders.FilesOf(Mirrors[machine]).Keys.ToHashSet(StringComparer.Ordinal);

        public void Compact(int machine) => new StoreCompactor(Mirrors[machine], SampleHoldings.Rule).Compact(new CompactionOptions { TargetFormat = StorageFormat.Parquet });

        public async Task SyncAndCompactAsync(params int[] machines)
        {
            foreach (var machine in machines)
            {
                await SyncAsync(machine);
                Compact(machine);
            }
        }

        public Task<MirrorPublishResult> PublishAsync(int machine, IObjectStore? through = null) =>
            new MirrorPublish(through ?? objects, location).PublishAsync(Mirrors[machine], _synced[machine], _sealedBefore[machine], CancellationToken.None);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
