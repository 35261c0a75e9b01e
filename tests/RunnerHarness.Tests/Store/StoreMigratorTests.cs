using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;

namespace RunnerHarness.Tests.Store;

public sealed class StoreMigratorTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;

    public StoreMigratorTests() => _layout = new StoreLayout(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Migrate_JsonLinesToParquetAndBack_EqualsTheOriginalRecordSetExactly()
    {
        var original = TestRecords.Varied(3_000);
        original.Add(TestRecords.EveryColumnSet());
        original.Add(TestRecords.EveryNullableColumnNull());
        using (var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Json, "original", options: new RecordWriterOptions { SegmentRecordLimit = 500 }))
        {
            original.ForEach(writer.Append);
        }

        var originalLines = Lines(new StoreReader(_layout).Read());

        var toParquet = new StoreMigrator(_layout, SampleHoldings.Rule).Migrate(StorageFormat.Parquet);
        Assert.All(_layout.DataFiles(), f => Assert.EndsWith(".parquet", f, StringComparison.Ordinal));
        var toJson = new StoreMigrator(_layout, SampleHoldings.Rule).Migrate(StorageFormat.Json);
        Assert.All(_layout.DataFiles(), f => Assert.EndsWith(".jsonl", f, StringComparison.Ordinal));

        Assert.Equal(original.Count, toParquet.After.Records);
        Assert.Equal(toParquet.Before, toJson.After);
        Assert.Equal(originalLines, Lines(new StoreReader(_layout).Read()));
    }

    [Fact]
    public void Migrate_StoreWithALiveWritersDeadSibling_SealsTheOrphanFirstSoNothingIsLeftBehind()
    {
        using (var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Json, "sealed"))
        {
            writer.Append(new ResultRecord { Model = "a" });
        }

        var folder = Path.Combine(_layout.WriteAheadLogDirectory, "dead");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "writer.json"), """{"run_id":"dead","host":"h","process_id":1,"started_at":"2026-01-01T00:00:00Z"}""");
        File.WriteAllText(Path.Combine(folder, "h-1-0-0000.jsonl"), """{"record_id":"orphan-1","outcome":"failed"}""" + "\n");

        var result = new StoreMigrator(_layout, SampleHoldings.Rule).Migrate(StorageFormat.Parquet);

        Assert.Equal(2, result.After.Records);
        Assert.Contains(new StoreReader(_layout).Read(), r => r.RecordId == "orphan-1");
    }

    [Fact]
    public void Migrate_ProofAfterTheCopyFails_StopsAndWaitsForTheProofBeforeAndRemovesTheNewFiles()
    {
        // The fingerprint of the sources runs on the pool while the one of the new files runs on the migration's thread.
        // When the second fails (a merged file gone before it is read), the first must have ended when Migrate throws:
        // a read still running would hold a source open past the command, its failure an unobserved task's.
        using (var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Json, "run-20261207-0001", options: new RecordWriterOptions { SegmentRecordLimit = 40 }))
        {
            TestRecords.Varied(100).ForEach(writer.Append);
        }

        var sources = _layout.DataFiles().ToList();
        using var beforeEnded = new ManualResetEventSlim();
        var migrator = new StoreMigrator(_layout, SampleHoldings.Rule)
        {
            FingerprintFiles = (files, cancellation) =>
            {
                if (files.SequenceEqual(sources))
                {
                    // The read before waits to be stopped (bounded, so that a migration that never stops it fails this test
                    // instead of hanging it), and says it ended.
                    cancellation.WaitHandle.WaitOne(TimeSpan.FromMinutes(2));
                    beforeEnded.Set();
                    return StoreFingerprint.OfFiles(files, cancellation);
                }

                File.Delete(files.First(f => f.StartsWith(_layout.CompactedDirectory, StringComparison.Ordinal)));
                return StoreFingerprint.OfFiles(files, cancellation);
            },
        };

        var failure = Assert.Throws<IOException>(() => migrator.Migrate(StorageFormat.Parquet));

        Assert.True(beforeEnded.IsSet, "Migrate threw while the fingerprint of the sources was still being taken on the pool");
        Assert.Contains($"Migration of {_layout.Root} to Parquet refused", failure.Message, StringComparison.Ordinal);
        Assert.Equal(sources, _layout.DataFiles().ToList());
    }

    private static List<string> Lines(IEnumerable<ResultRecord> records) =>
        records.Select(r =>
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            JsonLinesRecordCodec.WriteLine(r, buffer);
            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }).Order(StringComparer.Ordinal).ToList();
}
