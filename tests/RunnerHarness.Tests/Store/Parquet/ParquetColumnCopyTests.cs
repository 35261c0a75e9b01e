using System.Text;
using System.Text.RegularExpressions;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Parquet;
using RunnerHarness.Store.Summaries;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Tests.Store.Parquet;

/// <summary>
/// Issue 25, bulk writes: a compaction of Parquet sources into Parquet copies the decoded column arrays into the merged
/// file's columns instead of making a record a row. The merged files, their names (the checksum is in the name) and their
/// summaries must be byte for byte what the record path writes for the same store.
/// </summary>
public sealed partial class ParquetColumnCopyTests : IDisposable
{
    private static readonly string Format1Folder = RepositoryFolder.PathOf("tests", "RunnerHarness.Tests", "Store", "Format1");

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Compact_ParquetSourcesIntoParquet_ColumnCopyWritesTheRecordPathsFilesNamesAndSummaries()
    {
        var source = new StoreLayout(Path.Combine(_directory.Path, "source"));
        WriteSources(source);

        var (byRecords, recordStore) = Compacted("records", source, copyColumns: false);
        var (byColumns, columnStore) = Compacted("columns", source, copyColumns: true);

        Assert.Equal(0, byRecords.RecordsCopiedAsColumns);
        Assert.Equal(byColumns.Records, byColumns.RecordsCopiedAsColumns);
        Assert.Equal(byRecords.Records, byColumns.Records);
        Assert.Equal(byRecords.DuplicatesRemoved, byColumns.DuplicatesRemoved);
        Assert.True(byRecords.DuplicatesRemoved > 0, "the store holds repeated ids");
        Assert.Equal(Relative(recordStore, byRecords.FilesKept), Relative(columnStore, byColumns.FilesKept));
        Assert.Contains(byColumns.Problems, p => p.Kind == StoreProblemKind.ConflictingDuplicate);
        Assert.Equal(byRecords.Problems.Select(p => (p.Kind, p.Path)), byColumns.Problems.Select(p => (p.Kind, p.Path)));

        // Several merged files, split by count and by estimated bytes (the long outputs), each the record path's bytes.
        Assert.True(byRecords.FilesWritten.Count >= 4, $"{byRecords.FilesWritten.Count} merged files");
        Assert.Equal(byRecords.FilesWritten.Count, byColumns.FilesWritten.Count);
        for (var i = 0; i < byRecords.FilesWritten.Count; i++)
        {
            var expected = byRecords.FilesWritten[i];
            var actual = byColumns.FilesWritten[i];
            Assert.Equal(SequenceAndChecksum(expected), SequenceAndChecksum(actual));
            Assert.True(File.ReadAllBytes(expected).AsSpan().SequenceEqual(File.ReadAllBytes(actual)), $"{Path.GetFileName(actual)} differs from the record path's {Path.GetFileName(expected)}");
            Assert.Equal(SummaryOf(recordStore, expected), SummaryOf(columnStore, actual));
        }

        Assert.Equal(StoreFingerprint.Of(new StoreReader(recordStore)), StoreFingerprint.Of(new StoreReader(columnStore)));
        var report = new StoreVerifier(columnStore, SampleHoldings.Rule).Verify();
        Assert.NotEmpty(byColumns.FilesRead);

        // The files holding conflicting copies (the retried ids, the two rows without an id) stay beside the merged files;
        // nothing else is wrong with the store.
        Assert.True(report.Problems.All(p => p.Kind is StoreProblemKind.ConflictingDuplicate or StoreProblemKind.DuplicateRecord), string.Join("\n", report.Problems.Select(p => $"{p.Kind} {p.Path}: {p.Message}")));
    }

    [Fact]
    public void AddRows_SourceRowGroupsIntoSmallerRowGroups_SameBytesAsAddingTheirRecords()
    {
        var layout = new StoreLayout(Path.Combine(_directory.Path, "store"));
        var source = Path.Combine(_directory.Path, "source.parquet");
        ParquetTestFile.Write(source, [TestRecords.EveryColumnSet(), TestRecords.EveryNullableColumnNull(), .. TestRecords.Varied(700, seed: 31)], rowGroupSize: 160);

        using var byRecords = new StreamedParquetSegment(layout, rowGroupSize: 96);
        using var byColumns = new StreamedParquetSegment(layout, rowGroupSize: 96);
        foreach (var rowGroup in ParquetSegmentReader.RowGroups(source, RecordProjection.All))
        {
            // Every third row left out, as a compaction leaves out the copies that do not count.
            int[] rows = [.. Enumerable.Range(0, rowGroup.RowCount).Where(r => r % 3 != 1)];
            foreach (var row in rows)
            {
                byRecords.Add(rowGroup.Record(row));
            }

            byColumns.AddRows(rowGroup.ColumnsOf(ParquetRecordColumns.All), rows);
        }

        Assert.Equal(byRecords.RecordCount, byColumns.RecordCount);
        var expected = File.ReadAllBytes(byRecords.Finish());
        var actual = File.ReadAllBytes(byColumns.Finish());
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"{actual.Length} bytes by columns, {expected.Length} by records");
    }

    // A store as a busy matrix leaves it: a run sealed by the bulk writer (some records with transcripts), a file of small row
    // groups with rows without ids, null and empty optional columns and long outputs, a whole copy of it, a file of small row
    // groups repeating the first run's ids with other content (kept in place), and a file of record format 1 (which lacks the
    // later columns, written as null).
    private static void WriteSources(StoreLayout layout)
    {
        // Record i of TestRecords has the same id whatever the seed: each file takes its own range of them, as runs do.
        var records = TestRecords.Varied(1_400, seed: 41);
        var runA = records[30..900];
        var conversation = Conversation();
        new BulkRecordWriter(layout, SampleHoldings.Rule, StorageFormat.Parquet, new WriterIdentity("run-20261207-1100", "bench"))
            .Write(runA.Select((r, i) => (r, i % 7 == 0 ? conversation : (IReadOnlyList<TranscriptMessage>?)null)));

        List<ResultRecord> runB =
        [
            .. records[900..],
            new ResultRecordBuilder(TestRecords.EveryNullableColumnNull()) { RecordId = "" }.BuildRead(),
            new ResultRecordBuilder(TestRecords.EveryColumnSet()) { RecordId = "", Dimensions = [], Traits = [], Metrics = [] }.BuildRead(),
            .. Enumerable.Range(1_400, 40).Select(TestRecords.WithLongText),
        ];
        var folder = Path.Combine(layout.DataDirectory, "runs", "run-20261207-1101");
        Directory.CreateDirectory(folder);
        ParquetTestFile.Write(Path.Combine(folder, "bench-1101.parquet"), runB, rowGroupSize: 128);
        File.Copy(Path.Combine(folder, "bench-1101.parquet"), Path.Combine(folder, "bench-1101-copy.parquet"));

        // The same ids as some of run A, finished later with another outcome: the earlier copies count, this file is kept.
        var conflicting = runA.Where((_, i) => i % 5 == 0)
            .Select(r => new ResultRecordBuilder(r) { Outcome = r.Outcome == TestOutcome.Passed ? TestOutcome.Failed : TestOutcome.Passed, FinishedAt = r.FinishedAt?.AddMinutes(5) }.Build())
            .ToList();
        ParquetTestFile.Write(Path.Combine(folder, "bench-1101-retry.parquet"), conflicting, rowGroupSize: 50);

        File.Copy(Assert.Single(Directory.GetFiles(Format1Folder, "*.parquet")), Path.Combine(folder, "format-1.parquet"));
    }

    private (CompactionResult Result, StoreLayout Layout) Compacted(string name, StoreLayout source, bool copyColumns)
    {
        var layout = new StoreLayout(Path.Combine(_directory.Path, name));
        foreach (var file in Directory.GetFiles(source.Root, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(layout.Root, Path.GetRelativePath(source.Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var result = new StoreCompactor(layout, SampleHoldings.Rule).Compact(new CompactionOptions
        {
            RecordsPerFile = 400,
            BytesPerFile = 600_000,
            CopyParquetColumns = copyColumns,
        });
        return (result, layout);
    }

    private static string[] Relative(StoreLayout layout, IEnumerable<string> files) => [.. files.Select(layout.Relative).Order(StringComparer.Ordinal)];

    // A merged file's name is a time, a random id, its sequence and its checksum: the last two must match.
    private static string SequenceAndChecksum(string file) => SequenceAndChecksumPattern().Match(Path.GetFileName(file)) is { Success: true } match
        ? match.Value
        : throw new InvalidOperationException($"{file} is not named as a merged file");

    // The summary's bytes, with the merged file's name it records (a time and a random id) taken out.
    private static string SummaryOf(StoreLayout layout, string merged)
    {
        var folder = SegmentSummaryFile.DirectoryFor(layout, Path.GetDirectoryName(merged)!);
        var bytes = File.ReadAllBytes(Assert.Single(Directory.GetFiles(folder, Path.GetFileName(merged) + ".*")));
        return Convert.ToHexString(bytes).Replace(Convert.ToHexString(Encoding.UTF8.GetBytes(Path.GetFileName(merged))), "<merged file>", StringComparison.Ordinal);
    }

    private static List<TranscriptMessage> Conversation() =>
    [
        new() { Role = TranscriptRoles.User, Content = "Convert 26.2 miles to kilometres.", Model = "gpt-4o-mini" },
        new() { Role = TranscriptRoles.Assistant, Content = "26.2 miles is 42.16 km. ✓", Model = "gpt-4o-mini" },
    ];

    [GeneratedRegex(@"-\d{4}\.sha256_[0-9a-f]+\.parquet$")]
    private static partial Regex SequenceAndChecksumPattern();
}
