using System.Security.Cryptography;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Store.Integrity;

public sealed class DamageDetectionTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;

    public DamageDetectionTests() => _layout = new StoreLayout(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(StorageFormat.Parquet)]
    [InlineData(StorageFormat.Json)]
    public void Seal_AnyFormat_NamesTheFileByTheChecksumOfItsBytes(StorageFormat format)
    {
        var file = WriteFailedRecords(format, 3);

        var digest = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))[..16]);

        Assert.EndsWith($".sha256_{digest}{Path.GetExtension(file)}", file, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ParquetFileSealedBeforeChecksumsWithARenamedColumn_IsReportedDamagedNotReadAsNull()
    {
        var file = StoreFiles.AsSealedBeforeChecksums(WriteFailedRecords(StorageFormat.Parquet, 4));

        // One bit turns 'outcome' into 'outcomd' in the footer's schema (the review's finding: every
        // failed record then read as passed).
        var bytes = File.ReadAllBytes(file);
        var footerLength = BitConverter.ToInt32(bytes, bytes.Length - 8);
        var footer = bytes.Length - 8 - footerLength;
        var name = bytes.AsSpan(footer).IndexOf("outcome"u8);
        Assert.True(name >= 0);
        StoreFiles.FlipBit(file, footer + name + 6, 0);

        var reader = new StoreReader(_layout);
        var records = reader.Read().ToList();

        Assert.Empty(records);
        var problem = Assert.Single(reader.Problems);
        Assert.Equal(StoreProblemKind.CorruptFile, problem.Kind);
        Assert.Contains("outcome", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_JsonFileSealedBeforeChecksumsWithARenamedColumn_ReportsTheLineNotANullValue()
    {
        var file = StoreFiles.AsSealedBeforeChecksums(WriteFailedRecords(StorageFormat.Json, 3));
        var lines = File.ReadAllLines(file);
        lines[1] = lines[1].Replace("\"outcome\":", "\"outcomd\":", StringComparison.Ordinal);
        File.WriteAllLines(file, lines);

        var reader = new StoreReader(_layout);
        var records = reader.Read().ToList();

        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal(TestOutcome.Failed, r.Outcome));
        var problem = Assert.Single(reader.Problems);
        Assert.Equal(StoreProblemKind.BadLine, problem.Kind);
        Assert.Contains("line 2", problem.Message, StringComparison.Ordinal);
        Assert.Contains("outcomd", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StorageFormat.Parquet)]
    [InlineData(StorageFormat.Json)]
    public void Read_FilesSealedBeforeChecksums_StillReadInFull(StorageFormat format)
    {
        StoreFiles.AsSealedBeforeChecksums(WriteFailedRecords(format, 5));

        var reader = new StoreReader(_layout);

        Assert.Equal(5, reader.Read().Count());
        Assert.Empty(reader.Problems);
        Assert.True(new StoreVerifier(_layout, SampleHoldings.Rule).Verify().IsClean);
    }

    [Fact]
    public void Verify_ParquetFileSealedBeforeChecksumsDamagedOutsideRecordId_IsReported()
    {
        var file = StoreFiles.AsSealedBeforeChecksums(WriteFailedRecords(StorageFormat.Parquet, 40));
        var original = File.ReadAllBytes(file);

        // The first flip in the data pages of the later columns (before the footer) that spoils a column
        // while record_id still reads.
        var footer = original.Length - 8 - BitConverter.ToInt32(original, original.Length - 8);
        var found = false;
        for (var position = footer / 2; position < footer && !found; position += 5)
        {
            File.WriteAllBytes(file, original);
            StoreFiles.FlipBit(file, position, 3);
            var idsOnly = new StoreReader(_layout);
            var ids = idsOnly.Read(new RecordQuery { Projection = RecordProjection.Of(RecordColumns.RecordId) }).Count();
            var all = new StoreReader(_layout);
            _ = all.Read().Count();
            found = ids == 40 && idsOnly.Problems.Count == 0 && all.Problems.Any(p => p.Kind == StoreProblemKind.CorruptFile);
        }

        Assert.True(found, "no flip spoils a column other than record_id");
        var report = new StoreVerifier(_layout, SampleHoldings.Rule).Verify();

        Assert.Contains(report.Problems, p => p.Kind == StoreProblemKind.CorruptFile);
    }

    [Fact]
    public void Verify_DeadWritersFolderWithoutItsLockFile_CreatesNothing()
    {
        WriteFailedRecords(StorageFormat.Json, 2);
        var folder = Path.Combine(_layout.WriteAheadLogDirectory, "run-20261128-0002");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "writer.json"), """{"run_id":"run-20261128-0002","host":"ci-07","process_id":4242,"started_at":"2026-11-28T04:00:00Z"}""");
        File.WriteAllText(Path.Combine(folder, "ci-07-4242-20261128T040000-0000.jsonl"), "");
        var before = StoreFiles.Snapshot(_layout.Root);

        var report = new StoreVerifier(_layout, SampleHoldings.Rule).Verify();

        Assert.Contains(report.Problems, p => p.Kind == StoreProblemKind.OrphanedLog);
        Assert.Equal(before, StoreFiles.Snapshot(_layout.Root));
    }

    [Theory]
    [InlineData(StorageFormat.Parquet)]
    [InlineData(StorageFormat.Json)]
    public void Compact_FileThatFailsItsChecksum_IsReportedKeptAndNeverMerged(StorageFormat format)
    {
        var damaged = WriteFailedRecords(format, 3, "run-20261128-0003");
        WriteFailedRecords(format, 4, "run-20261128-0004");
        WriteFailedRecords(format, 5, "run-20261128-0005");
        StoreFiles.FlipBit(damaged, new FileInfo(damaged).Length / 2, 2);
        var damagedBytes = File.ReadAllBytes(damaged);

        var result = new StoreCompactor(_layout, SampleHoldings.Rule).Compact();

        Assert.Equal([damaged], result.FilesKept);
        Assert.Equal(9, result.Records);
        Assert.Contains(result.Problems, p => p.Kind == StoreProblemKind.CorruptFile && p.Message.Contains("checksum", StringComparison.Ordinal));
        Assert.Equal(damagedBytes, File.ReadAllBytes(damaged));
        Assert.Equal(9, new StoreReader(_layout).Read().Count());
    }

    private string WriteFailedRecords(StorageFormat format, int count, string runId = "run-20261128-0001")
    {
        var before = _layout.DataFiles().ToHashSet();
        using (var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, format, runId))
        {
            foreach (var record in TestRecords.Varied(count, seed: count))
            {
                writer.Append(new ResultRecordBuilder(record) { RecordId = null, Outcome = TestOutcome.Failed }.Build());
            }
        }

        return Assert.Single(_layout.DataFiles(), f => !before.Contains(f));
    }

}
