using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Tests.Emulators;
using RunnerHarness.ObjectStorage.Tests.Transfer;
using RunnerHarness.ObjectStorage.Transfer;
using RunnerHarness.Tests;

namespace RunnerHarness.ObjectStorage.Tests.Cli;

/// <summary>
/// Three "machines" (separate processes, each with its own working folder and mirror, no shared disk but the URL store):
/// one compacts again and again while two import runs; afterwards every record is there exactly once.
/// </summary>
public sealed class ConcurrentCompactionTests(ObjectStorageEmulators emulators) : IClassFixture<ObjectStorageEmulators>, IDisposable
{
    private const int ImportsPerWriter = 3;
    private const int RecordsPerImport = 40;

    private readonly string _root = Directory.CreateTempSubdirectory("rh-urlconcurrent-").FullName;

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task Compaction_on_one_machine_while_two_others_import_leaves_every_record_exactly_once(string service)
    {
        var local = SampleStore.Write(Path.Combine(_root, "seed"), records: 300);
        var (location, environment) = await emulators.NewStoreAsync(service);
        var objects = ObjectStoreConnector.Open(location, environment);
        Assert.True((await new StoreTransfer(objects, location).UploadAsync(local, CancellationToken.None)).Complete);
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
            var (code, output, error) = await compactor.RunProcessAsync("compact", "--store", url);
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

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
