using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;

namespace RunnerHarness.Tests.Store.Integrity;

/// <summary>A compaction or migration that fails leaves the store as it found it; one that succeeds leaves no leftovers.</summary>
public sealed class FailedMaintenanceTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;

    public FailedMaintenanceTests() => _layout = new StoreLayout(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Record_TimestampsWithTicksOrAZone_AreTheUtcMicrosecondInstant()
    {
        var local = new DateTime(2026, 11, 28, 6, 35, 2, DateTimeKind.Local).AddTicks(1_234_567);
        var record = new ResultRecord
        {
            StartedAt = new DateTime(2026, 11, 28, 4, 35, 2, DateTimeKind.Utc).AddTicks(1_234_567),
            FinishedAt = local,
        };

        Assert.Equal(new DateTime(2026, 11, 28, 4, 35, 2, DateTimeKind.Utc).AddTicks(1_234_560), record.StartedAt);
        Assert.Equal(DateTimeKind.Utc, record.FinishedAt!.Value.Kind);
        Assert.Equal(local.ToUniversalTime().AddTicks(-7), record.FinishedAt);
    }

    [Fact]
    public void Migrate_JsonStoreWithTickZonelessAndOffsetTimestamps_SucceedsWithTheSameInstants()
    {
        // Lines as the writer stamped them before timestamps were normalised, and as other tools write them.
        var stamps = new[]
        {
            ("2026-11-28T04:35:02.1234567Z", new DateTime(2026, 11, 28, 4, 35, 2, DateTimeKind.Utc).AddTicks(1_234_560)),
            ("2026-11-28T04:35:02.123456", new DateTime(2026, 11, 28, 4, 35, 2, DateTimeKind.Utc).AddTicks(1_234_560)),
            ("2026-11-28T06:35:02.1234567+02:00", new DateTime(2026, 11, 28, 4, 35, 2, DateTimeKind.Utc).AddTicks(1_234_560)),
        };
        var records = TestRecords.Varied(stamps.Length);
        var lines = records.Select((r, i) => Regex.Replace(Line(r), "\"started_at\":\"[^\"]*\"", $"\"started_at\":\"{stamps[i].Item1}\""));
        Directory.CreateDirectory(_layout.RunDirectory("run-20261128-0001"));
        File.WriteAllLines(Path.Combine(_layout.RunDirectory("run-20261128-0001"), "ci-07-4242-20261128T043502-0000.jsonl"), lines);

        var result = new StoreMigrator(_layout, SampleHoldings.Rule).Migrate(StorageFormat.Parquet);

        Assert.Equal(stamps.Length, result.After.Records);
        Assert.All(_layout.DataFiles(), f => Assert.EndsWith(".parquet", f, StringComparison.Ordinal));
        var read = new StoreReader(_layout).Read().ToDictionary(r => r.RecordId);
        for (var i = 0; i < stamps.Length; i++)
        {
            Assert.Equal(stamps[i].Item2, read[records[i].RecordId].StartedAt);
        }
    }

    [Fact]
    public void Compact_VerificationBeforeRemovingFails_RemovesItsOwnOutputsAndLeavesTheStoreAsItWas()
    {
        Write("run-20261128-0001", 4);
        Write("run-20261128-0002", 5);
        var before = _layout.DataFiles().ToDictionary(f => f, File.ReadAllBytes);

        var error = Assert.Throws<StoreMigrationException>(() => new StoreCompactor(_layout, SampleHoldings.Rule).Compact(new CompactionOptions
        {
            TargetFormat = StorageFormat.Parquet,
            VerifyBeforeRemoving = (_, files) =>
            {
                Assert.Contains(files, f => f.EndsWith(".parquet", StringComparison.Ordinal));
                throw new StoreMigrationException("the merged files differ");
            },
        }));

        Assert.Equal("the merged files differ", error.Message);
        Assert.Equal(before.Keys, _layout.DataFiles());
        Assert.All(before, pair => Assert.Equal(pair.Value, File.ReadAllBytes(pair.Key)));
        Assert.Empty(Directory.EnumerateFiles(_layout.TempDirectory));
    }

    [Fact]
    public async Task Migrate_WhileAWriterSealsFiles_FingerprintsItsOwnSourcesAndLeavesEveryRecordOnce()
    {
        Write("run-20261128-0001", 20);
        Write("run-20261128-0002", 20);
        using var stop = new CancellationTokenSource();
        using var sealedOne = new ManualResetEventSlim();
        var sealedFiles = 0;
        var beside = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Write($"run-20261128-beside-{sealedFiles:D4}", 3);
                Interlocked.Increment(ref sealedFiles);
                sealedOne.Set();
            }
        });

        MigrationResult result;
        try
        {
            result = new StoreMigrator(_layout, SampleHoldings.Rule).Migrate(StorageFormat.Parquet, (done, _) =>
            {
                // At least one file is sealed beside the migration while it runs.
                if (done == 1)
                {
                    sealedOne.Reset();
                    sealedOne.Wait();
                }
            });
        }
        finally
        {
            await stop.CancelAsync();
            await beside;
        }

        var reader = new StoreReader(_layout);
        var count = reader.Read().Count();
        Assert.Equal(result.Before, result.After);
        Assert.True(sealedFiles >= 1);
        Assert.Equal(40 + (3 * sealedFiles), count);
        Assert.Equal(0, reader.DuplicatesSkipped);
    }

    [Fact]
    public void Compact_FileLeftInTmpByAKilledProcess_IsRemovedWhileALiveProcessesFileStays()
    {
        Write("run-20261128-0001", 2);
        using var exited = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        exited.WaitForExit();
        Directory.CreateDirectory(_layout.TempDirectory);
        var host = new string([.. Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '-')]);
        var left = Path.Combine(_layout.TempDirectory, $"{host}_{exited.Id}_{Guid.NewGuid():N}.parquet");
        var live = Path.Combine(_layout.TempDirectory, $"{host}_{Environment.ProcessId}_{Guid.NewGuid():N}.parquet");
        File.WriteAllBytes(left, [0x50, 0x41, 0x52, 0x31]);
        File.WriteAllBytes(live, [0x50, 0x41, 0x52, 0x31]);
        Assert.Contains(new StoreVerifier(_layout, SampleHoldings.Rule).Verify().Problems, p => p.Path.EndsWith(Path.GetFileName(left), StringComparison.Ordinal));

        new StoreCompactor(_layout, SampleHoldings.Rule).Compact();

        Assert.False(File.Exists(left));
        Assert.True(File.Exists(live));
        Assert.True(new StoreVerifier(_layout, SampleHoldings.Rule).Verify().IsClean);
    }

    private void Write(string runId, int count)
    {
        using var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Json, runId);
        foreach (var record in TestRecords.Varied(count, seed: runId.GetHashCode(StringComparison.Ordinal)))
        {
            writer.Append(new ResultRecordBuilder(record) { RecordId = null }.Build());
        }
    }

    private static string Line(ResultRecord record)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        JsonLinesRecordCodec.WriteLine(record, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan).TrimEnd('\n');
    }
}
