using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Tests.Store.Integrity;

namespace RunnerHarness.Tests.Store;

public sealed class StoreReaderTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;

    public StoreReaderTests() => _layout = new StoreLayout(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Read_LineThatDoesNotParse_IsReportedAndSkippedAndTheRestIsRead()
    {
        // A file sealed before checksums: damage to one line costs that line only.
        Write("run-a", 3);
        var file = StoreFiles.AsSealedBeforeChecksums(_layout.DataFiles().Single());
        var lines = File.ReadAllLines(file).ToList();
        lines.Insert(1, "{not json");
        File.WriteAllLines(file, lines);

        var reader = new StoreReader(_layout);

        Assert.Equal(3, reader.Read().Count());
        var problem = Assert.Single(reader.Problems);
        Assert.Equal(StoreProblemKind.BadLine, problem.Kind);
        Assert.Contains("line 2", problem.Message, StringComparison.Ordinal);
        Assert.StartsWith("data/", problem.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileThatIsNotAStoreFile_IsReportedAndIgnored()
    {
        Write("run-a", 2);
        File.WriteAllText(Path.Combine(_layout.DataDirectory, "notes.txt"), "hello");

        var reader = new StoreReader(_layout);

        Assert.Equal(2, reader.Read().Count());
        Assert.Equal(StoreProblemKind.UnknownFile, Assert.Single(reader.Problems).Kind);
    }

    [Fact]
    public void Read_SameRecordInTwoFiles_CountsItOnce()
    {
        Write("run-a", 5);
        var file = _layout.DataFiles().Single();
        File.Copy(file, Path.Combine(_layout.DataDirectory, "copy.jsonl"));

        var reader = new StoreReader(_layout);

        Assert.Equal(5, reader.Read().Count());
        Assert.Equal(5, reader.DuplicatesSkipped);
    }

    [Fact]
    public void Read_ParquetFilesOnly_YieldsTheirRecordsWithNoIdCheckedAndEachOnce()
    {
        var written = WriteVaried("run-20261206-0301", 40, seed: 61).Concat(WriteVaried("run-20261206-0302", 30, seed: 62)).ToList();
        File.Copy(_layout.DataFiles()[0], Path.Combine(_layout.DataDirectory, "copy.parquet"));

        var reader = new StoreReader(_layout);
        var ids = reader.Read().Select(r => r.RecordId).ToList();

        Assert.Equal(written.Select(r => r.RecordId).Order(), ids.Order());
        Assert.Equal(70, reader.RecordsProvenUnique);
        Assert.Equal(ids.Count, reader.RecordsProvenUnique);
        Assert.True(reader.DuplicatesSkipped is 30 or 40, $"the copy's records were not all skipped: {reader.DuplicatesSkipped}");
    }

    [Fact]
    public void Read_ParquetFilesOfWritersAtOnceACopyInAnotherFolderAndAnImport_YieldsEveryIdOnce()
    {
        // Two writers' files whose ids interleave in time (the conflict plan merges their sorted ids through its queue),
        // one of them copied into a second run folder, and a file of a third writer repeating ids of both: fifty
        // identical copies, and ten edited copies that finished later, which do not count.
        var first = WriteVaried("run-20261207-0401", 300, seed: 71);
        var second = WriteVaried("run-20261207-0402", 300, seed: 72);
        var firstFile = _layout.DataFiles().Single(f => f.Contains("run-20261207-0401", StringComparison.Ordinal));
        var copyFolder = Path.Combine(_layout.DataDirectory, "runs", "run-20261207-0403");
        Directory.CreateDirectory(copyFolder);
        File.Copy(firstFile, Path.Combine(copyFolder, Path.GetFileName(firstFile)));
        var edited = first.Skip(101).Take(10).Select(r => new ResultRecordBuilder(r) { FinishedAt = r.FinishedAt!.Value.AddMinutes(5), Turns = 99 }.Build());
        using (var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Parquet, "run-20261207-0404"))
        {
            foreach (var record in second.Take(50).Concat(edited))
            {
                writer.Append(record);
            }

            writer.Complete();
        }

        var reader = new StoreReader(_layout);
        var read = reader.Read().ToList();

        Assert.True(Overlap(first, second), "the two writers' ids do not interleave, so the test does not take the merge's queue");
        Assert.Equal(first.Concat(second).Select(r => r.RecordId).Order(StringComparer.Ordinal), read.Select(r => r.RecordId).Order(StringComparer.Ordinal));
        Assert.Equal(300 + 60, reader.DuplicatesSkipped);
        Assert.Equal(600, reader.RecordsProvenUnique);
        var kept = read.ToDictionary(r => r.RecordId);
        Assert.All(first.Skip(101).Take(10), r => Assert.Equal((r.FinishedAt, r.Turns), (kept[r.RecordId].FinishedAt, kept[r.RecordId].Turns)));

        static bool Overlap(List<ResultRecord> a, List<ResultRecord> b) =>
            string.CompareOrdinal(a.Min(r => r.RecordId), b.Max(r => r.RecordId)) < 0 && string.CompareOrdinal(b.Min(r => r.RecordId), a.Max(r => r.RecordId)) < 0;
    }

    [Fact]
    public void Read_AJsonLinesFileBesideParquet_ChecksEveryIdAsBefore()
    {
        var written = WriteVaried("run-20261206-0303", 20, seed: 63).Concat(WriteVaried("run-20261206-0304", 10, seed: 64, StorageFormat.Json)).ToList();

        var reader = new StoreReader(_layout);
        var ids = reader.Read().Select(r => r.RecordId).ToList();

        Assert.Equal(written.Select(r => r.RecordId).Order(), ids.Order());
        Assert.Equal(0, reader.RecordsProvenUnique);
    }

    [Fact]
    public void Read_ParquetFilesMergedByACompactionMidRead_YieldsEveryRecordOnce()
    {
        var first = WriteVaried("run-20261206-0305", 25, seed: 65);
        var second = WriteVaried("run-20261206-0306", 35, seed: 66);
        var reader = new StoreReader(_layout);

        // The first file is open and part read when the compaction merges both files and removes them; the second
        // then vanishes before it is opened, and the read takes the rest of the records from the merged file.
        var ids = CompactionMidRead.ReadIds(_layout, reader);

        Assert.Equal(first.Concat(second).Select(r => r.RecordId).Order(), ids.Order());
        Assert.Empty(reader.Problems);
    }

    [Fact]
    public void Read_NotAskingForIds_SkipsTheIdColumnOnlyWhereTheIdsAreProvenUniqueWithNoRepeat()
    {
        var written = WriteVaried("run-20261206-0307", 30, seed: 67);
        var query = new RecordQuery { Projection = RecordProjection.Of(RecordColumns.Model, RecordColumns.FinishedAt), YieldsRecordIds = false };

        var proven = new StoreReader(_layout).Read(query).ToList();
        File.Copy(_layout.DataFiles()[0], Path.Combine(_layout.DataDirectory, "copy.parquet"));
        var repeated = new StoreReader(_layout).Read(query).ToList();

        Assert.All(proven, r => Assert.Equal("", r.RecordId));
        Assert.Equal(written.Select(r => (r.Model, r.FinishedAt)).Order(), proven.Select(r => (r.Model, r.FinishedAt)).Order());
        Assert.Equal(written.Select(r => r.RecordId).Order(), repeated.Select(r => r.RecordId).Order());
    }

    [Fact]
    public void Read_WithFilter_YieldsOnlyMatchingRecords()
    {
        Write("run-a", 4);
        Write("run-b", 6);

        var byRun = new StoreReader(_layout).Read(new RecordQuery { Filter = new RecordFilter { RunIds = ["run-b"] } }).ToList();
        var byModel = new StoreReader(_layout).Read(new RecordQuery
        {
            Projection = RecordProjection.Of(RecordColumns.SampleIndex),
            Filter = new RecordFilter { Dimensions = new Dictionary<string, IReadOnlyList<string>> { ["model"] = ["model-1"], ["lane"] = ["left"] } },
        }).ToList();

        Assert.Equal(6, byRun.Count);
        Assert.All(byRun, r => Assert.Equal("run-b", r.RunId));

        // model-1 alone selects samples 1, 3 (run-a) and 1, 3, 5 (run-b); lane left alone 0, 1 and 0, 1, 4, 5: both together only 1, 1, 5.
        Assert.Equal([1, 1, 5], byModel.Select(r => r.SampleIndex ?? -1).Order());
    }

    [Fact]
    public void Read_WithoutDeduplication_YieldsEveryCopyAndReadsNoIds()
    {
        Write("run-a", 5, StorageFormat.Parquet);
        File.Copy(_layout.DataFiles().Single(), Path.Combine(_layout.DataDirectory, "copy.parquet"));

        var reader = new StoreReader(_layout);
        var records = reader.Read(new RecordQuery { Projection = RecordProjection.Of(RecordColumns.SampleIndex), Deduplicate = false }).ToList();

        Assert.Equal(10, records.Count);
        Assert.All(records, r => Assert.Equal("", r.RecordId));
        Assert.Equal(0, reader.DuplicatesSkipped);
    }

    [Fact]
    public void Read_RunFoldersOnly_ReadsTheRunsOwnFilesAndLogsButNotTheRestOfTheStore()
    {
        Write("run-a", 3);
        Write("run-b", 4);
        using (var elsewhere = new TemporaryDirectory())
        {
            // Records of run-a that compaction put outside its folder: only a whole-store read sees them.
            var other = new StoreLayout(elsewhere.Path);
            using (var writer = RecordWriter.Open(other, SampleHoldings.Rule, StorageFormat.Json, "run-a"))
            {
                writer.Append(new ResultRecord { Model = "model-0", SampleIndex = 7 });
                writer.Append(new ResultRecord { Model = "model-1", SampleIndex = 8 });
            }

            Directory.CreateDirectory(_layout.CompactedDirectory);
            File.Copy(other.DataFiles().Single(), Path.Combine(_layout.CompactedDirectory, "merged.jsonl"));
        }

        using var live = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Json, "run-a", "shard1of2");
        live.Append(new ResultRecord { Model = "model-0", SampleIndex = 9 });
        live.Flush();
        var query = new RecordQuery { Filter = new RecordFilter { RunIds = ["run-a"] }, IncludeLiveLogs = true, RunFoldersOnly = true };

        var runFolders = new StoreReader(_layout).Read(query).Select(r => r.SampleIndex).Order().ToList();
        var wholeStore = new StoreReader(_layout).Read(query with { RunFoldersOnly = false }).Select(r => r.SampleIndex).Order().ToList();

        Assert.Equal([0, 1, 2, 9], runFolders);
        Assert.Equal([0, 1, 2, 7, 8, 9], wholeStore);
    }

    [Fact]
    public void Read_RunFoldersOnlyWithoutARun_SaysItNeedsTheRuns()
    {
        Write("run-a", 1);

        var error = Assert.Throws<ArgumentException>(() => new StoreReader(_layout).Read(new RecordQuery { RunFoldersOnly = true }));

        Assert.Contains("RunIds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingStore_ThrowsNamingTheDirectory()
    {
        var missing = Path.Combine(_directory.Path, "nope");

        var error = Assert.Throws<DirectoryNotFoundException>(() => new StoreReader(new StoreLayout(missing)).Read());
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordProjection_UnknownColumn_NamesItAndTheValidOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => RecordProjection.Of("modle"));

        Assert.Contains("'modle'", error.Message, StringComparison.Ordinal);
        Assert.Contains("prompt_type", error.Message, StringComparison.Ordinal);
    }

    private List<ResultRecord> WriteVaried(string runId, int count, int seed, StorageFormat format = StorageFormat.Parquet)
    {
        var records = TestRecords.Varied(count, seed);
        using var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, format, runId);
        foreach (var record in records)
        {
            writer.Append(record);
        }

        writer.Complete();
        return [.. records];
    }

    private void Write(string runId, int count, StorageFormat format = StorageFormat.Json)
    {
        using var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, format, runId);
        for (var i = 0; i < count; i++)
        {
            writer.Append(new ResultRecord
            {
                Model = $"model-{i % 2}",
                SampleIndex = i,
                Dimensions = new Dictionary<string, string> { ["lane"] = i % 4 < 2 ? "left" : "right" },
            });
        }
    }
}
