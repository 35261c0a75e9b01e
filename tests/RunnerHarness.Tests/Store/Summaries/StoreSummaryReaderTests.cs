using RunnerHarness.Aggregation;
using RunnerHarness.Matrix;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.Summaries;

namespace RunnerHarness.Tests.Store.Summaries;

public sealed class StoreSummaryReaderTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private StoreLayout Layout => new(_directory.Path);

    [Theory]
    [InlineData(StorageFormat.Json)]
    [InlineData(StorageFormat.Parquet)]
    public void Read_SealedFiles_AnswerFromSummariesWhatTheRecordsAnswer(StorageFormat format)
    {
        Write(format, "run-20261128-0001", Records(900));

        var reader = new StoreSummaryReader(Layout, SampleHoldings.Rule);
        var summaries = reader.Read(runIds: null, includeLiveLogs: false).ToList();

        Assert.Equal((3, 0), (reader.SummariesRead, reader.FilesReadInFull));
        Assert.Empty(reader.Problems);
        Assert.Equal(HeldByRecords(), Held(summaries));
        Assert.Equal(RecordsByRunAndShard(), Counts(summaries));
        Assert.Equal(900, summaries.Sum(s => s.Records));
    }

    [Fact]
    public void Read_SummariesMissing_ReadsTheFilesInFullWithTheSameAnswer()
    {
        Write(StorageFormat.Parquet, "run-20261128-0002", Records(600));
        Directory.Delete(Layout.SummaryDirectory, recursive: true);

        var reader = new StoreSummaryReader(Layout, SampleHoldings.Rule);
        var summaries = reader.Read(runIds: null, includeLiveLogs: false).ToList();

        Assert.Equal((0, 2), (reader.SummariesRead, reader.FilesReadInFull));
        Assert.Empty(reader.Problems);
        Assert.Equal(HeldByRecords(), Held(summaries));
    }

    [Fact]
    public void Read_SummaryChangedAfterSealing_IsReportedAndTheFileReadInFull()
    {
        Write(StorageFormat.Json, "run-20261128-0003", Records(300));
        var summary = JsonSummaries.Rewrite(Directory.EnumerateFiles(Layout.SummaryDirectory, "*", SearchOption.AllDirectories).Single(), Layout.DataFiles().Single());
        var text = File.ReadAllText(summary);
        File.WriteAllText(summary, text.Replace("\"records\":300", "\"records\":301", StringComparison.Ordinal));

        var reader = new StoreSummaryReader(Layout, SampleHoldings.Rule);
        var summaries = reader.Read(runIds: null, includeLiveLogs: false).ToList();

        var problem = Assert.Single(reader.Problems);
        Assert.Equal(StoreProblemKind.DamagedSummary, problem.Kind);
        Assert.Contains("was read in full instead", problem.Message, StringComparison.Ordinal);
        Assert.Equal(300, Assert.Single(summaries).Records);
        Assert.Equal(HeldByRecords(), Held(summaries));
    }

    [Fact]
    public void Read_SummaryOfTheLayoutBeforeKeysNamedTheirAssembly_IsOutdatedAndTheFileReadInFullWithoutAWarning()
    {
        Write(StorageFormat.Json, "run-20261128-0005", Records(300));
        var dataFile = Layout.DataFiles().Single();
        var current = JsonSummaries.Rewrite(Directory.EnumerateFiles(Layout.SummaryDirectory, "*", SearchOption.AllDirectories).Single(), dataFile);

        // What 79d7747 wrote: layout 1, sealed under its own checksum (so it is intact, only old).
        var old = Path.Combine(_directory.Path, "layout-1.summary");
        File.WriteAllText(old, File.ReadAllText(current).Replace($"\"summary_version\":{SegmentSummary.CurrentVersion}", "\"summary_version\":1", StringComparison.Ordinal));
        File.Delete(current);
        File.Move(old, Path.Combine(Path.GetDirectoryName(current)!, SegmentChecksum.NameFor(Path.GetFileName(dataFile), old, SegmentSummaryFile.Extension)));

        var reader = new StoreSummaryReader(Layout, SampleHoldings.Rule);
        var summaries = reader.Read(runIds: null, includeLiveLogs: false).ToList();

        Assert.Empty(reader.Problems);
        Assert.Equal((0, 1), (reader.SummariesRead, reader.FilesReadInFull));
        Assert.Equal(HeldByRecords(), Held(summaries));
    }

    [Fact]
    public void Read_SummaryOfAnotherFile_IsNotTrusted()
    {
        var options = new RecordWriterOptions { SegmentRecordLimit = 200 };
        Write(StorageFormat.Json, "run-20261128-0004", Records(400), options);
        var summaries = Directory.EnumerateFiles(Layout.SummaryDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var files = Layout.DataFiles();

        // The first file's sound summary put under the second file's name: its checksum holds, the file it names does not.
        File.Delete(summaries[1]);
        var misplaced = Path.Combine(Path.GetDirectoryName(summaries[1])!, Path.GetFileName(files[1]) + Path.GetFileName(summaries[0])[Path.GetFileName(files[0]).Length..]);
        File.Copy(summaries[0], misplaced);

        var reader = new StoreSummaryReader(Layout, SampleHoldings.Rule);
        var read = reader.Read(runIds: null, includeLiveLogs: false).ToList();

        Assert.Equal(StoreProblemKind.DamagedSummary, Assert.Single(reader.Problems).Kind);
        Assert.Equal((1, 1), (reader.SummariesRead, reader.FilesReadInFull));
        Assert.Equal(HeldByRecords(), Held(read));
    }

    [Fact]
    public void Read_LiveLogBesideSealedFiles_CountsEveryRecordOnce()
    {
        var records = Records(250);
        using var live = RecordWriter.Open(Layout, SampleHoldings.Rule, StorageFormat.Json, "run-20261128-0005", options: new RecordWriterOptions { SegmentRecordLimit = 100 });
        foreach (var record in records)
        {
            live.Append(record);
        }

        live.Flush();

        var reader = new StoreSummaryReader(Layout, SampleHoldings.Rule);
        var summaries = reader.Read(["run-20261128-0005"], includeLiveLogs: true).ToList();

        Assert.Equal((2, 1), (reader.SummariesRead, reader.FilesReadInFull));
        Assert.Equal(250, summaries.Sum(s => s.Records));
        live.Complete();
    }

    [Fact]
    public void Compact_MergedFiles_CarrySummariesAndTheSourcesLoseTheirs()
    {
        var options = new RecordWriterOptions { SegmentRecordLimit = 100 };
        Write(StorageFormat.Json, "run-20261128-0006", Records(300), options);

        new StoreCompactor(Layout, SampleHoldings.Rule).Compact();

        var reader = new StoreSummaryReader(Layout, SampleHoldings.Rule);
        var summaries = reader.Read(runIds: null, includeLiveLogs: false).ToList();
        Assert.Equal((Layout.DataFiles().Count, 0), (reader.SummariesRead, reader.FilesReadInFull));
        Assert.Equal(Layout.DataFiles().Count, Directory.EnumerateFiles(Layout.SummaryDirectory, "*", SearchOption.AllDirectories).Count());
        Assert.Equal(HeldByRecords(), Held(summaries));
    }

    [Fact]
    public void Read_RecordsOfTwoModelIdsAndNone_TheSummaryFileKeepsTheHeldSamplesOfEachModelIdApart()
    {
        // A third of the records say no model_id (format 1), the rest name one of gpt-4o's two snapshots.
        string?[] modelIds = [null, "gpt-4o-2024-05-13", "gpt-4o-2024-08-06"];
        Write(StorageFormat.Json, "run-20261206-0001", Records(300).Select((r, i) => new ResultRecordBuilder(r) { ModelId = modelIds[i % 3] }.Build()));

        var reader = new StoreSummaryReader(Layout, SampleHoldings.Rule);
        var summaries = reader.Read(runIds: null, includeLiveLogs: false).ToList();

        Assert.Equal((1, 0), (reader.SummariesRead, reader.FilesReadInFull));
        var records = new StoreReader(Layout).Read().Where(SampleHoldings.Holds).ToList();
        foreach (var modelId in modelIds)
        {
            var expected = new SortedSet<string>(records.Where(r => r.ModelId == modelId).Select(r => SampleHoldings.SampleOf(r)!), StringComparer.Ordinal);
            var actual = modelId is null
                ? Held(summaries)
                : new SortedSet<string>(
                    summaries.SelectMany(s => s.ModelHeldSamples.GetValueOrDefault(modelId, new Dictionary<string, int[]>()).SelectMany(c => c.Value.Select(sample => $"{c.Key}|#{sample}"))
                        .Concat(s.ModelHeldKeys.GetValueOrDefault(modelId) ?? [])),
                    StringComparer.Ordinal);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, actual);
        }
    }

    private static List<ResultRecord> Records(int count)
    {
        var records = TestRecords.Varied(count);
        for (var i = 0; i < records.Count; i += 2)
        {
            // Half the records carry the keys the recorder writes (cell, then "|#" and the sample); the rest keep free-form keys.
            records[i] = new ResultRecordBuilder(records[i]) { CaseKey = CaseKey.ForRecord(records[i]) }.Build();
        }

        return records;
    }

    private void Write(StorageFormat format, string runId, IEnumerable<ResultRecord> records, RecordWriterOptions? options = null)
    {
        using var writer = RecordWriter.Open(Layout, SampleHoldings.Rule, format, runId, options: options ?? new RecordWriterOptions { SegmentRecordLimit = 300 });
        foreach (var record in records)
        {
            writer.Append(record);
        }

        writer.Complete();
    }

    private SortedSet<string> HeldByRecords() =>
        new(new StoreReader(Layout).Read().Where(SampleHoldings.Holds).Select(r => SampleHoldings.SampleOf(r)!), StringComparer.Ordinal);

    private SortedDictionary<string, long> RecordsByRunAndShard() =>
        new(new StoreReader(Layout).Read().GroupBy(r => $"{r.RunId}/{r.Shard}").ToDictionary(g => g.Key, g => (long)g.Count()), StringComparer.Ordinal);

    private static SortedSet<string> Held(IEnumerable<SegmentSummary> summaries) =>
        new(summaries.SelectMany(s => s.HeldSamples.SelectMany(c => c.Value.Select(sample => $"{c.Key}|#{sample}")).Concat(s.HeldKeys)), StringComparer.Ordinal);

    private static SortedDictionary<string, long> Counts(IEnumerable<SegmentSummary> summaries) =>
        new(summaries.SelectMany(s => s.RunShards.SelectMany(run => run.Value.Select(shard => (Key: $"{run.Key}/{shard.Key}", shard.Value))))
            .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value)), StringComparer.Ordinal);
}
