using RunnerHarness.Aggregation;
using RunnerHarness.Matrix;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.Summaries;
using RunnerHarness.Tests.Store.Integrity;

namespace RunnerHarness.Tests.Store.Summaries;

/// <summary>
/// Issue 25: summaries are sealed in a binary form (cell keys and sample lists or bitsets) that planning reads without
/// parsing JSON; a damaged one is caught and its file read in full, and the JSON summaries of older stores are still read.
/// </summary>
public sealed class SegmentSummaryBinaryTests : IDisposable
{
    private const string Cell = "WorkflowBench#WorkflowBench.ToolUseBatch.Run|model=gpt-4o-mini|provider=openai|prompt_type=optimal|difficulty=hard|task_type=data_pipeline|tool_success_rate=0.8";
    private const string FileName = "vm-4411-20261206221500000-0a1b-0003.sha256_0f3c5e9a7b2d4c6e8f0a1b2c3d4e5f60.parquet";

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private StoreLayout Layout => new(_directory.Path);

    [Fact]
    public void Parse_SerializedSummary_GivesBackEveryField()
    {
        var summary = Rich();

        var (version, file, fileBytes, parsed) = SegmentSummaryBinary.Parse(Bytes(summary));

        Assert.Equal((SegmentSummary.CurrentVersion, FileName, 8_236_203L), (version, file, fileBytes));
        Assert.Equal(summary.Records, parsed.Records);
        Assert.Equal(summary.FirstFinishedAt, parsed.FirstFinishedAt);
        Assert.Equal(DateTimeKind.Utc, parsed.FirstFinishedAt!.Value.Kind);
        Assert.Equal(summary.LastFinishedAt, parsed.LastFinishedAt);
        Assert.Equal(summary.RunShards.Keys.Order(StringComparer.Ordinal), parsed.RunShards.Keys.Order(StringComparer.Ordinal));
        Assert.All(summary.RunShards, run => Assert.Equal(run.Value.OrderBy(p => p.Key, StringComparer.Ordinal), parsed.RunShards[run.Key].OrderBy(p => p.Key, StringComparer.Ordinal)));
        AssertSameHeld(summary.HeldSamples, parsed.HeldSamples);
        Assert.Equal(summary.HeldKeys, parsed.HeldKeys);
        Assert.Equal(summary.ModelHeldSamples.Keys.Order(StringComparer.Ordinal), parsed.ModelHeldSamples.Keys.Order(StringComparer.Ordinal));
        Assert.All(summary.ModelHeldSamples, model => AssertSameHeld(model.Value, parsed.ModelHeldSamples[model.Key]));
        Assert.Equal(summary.ModelHeldKeys["gpt-4o-2024-08-06"], parsed.ModelHeldKeys["gpt-4o-2024-08-06"]);
        Assert.Null(SegmentSummaryFile.Disagreement(parsed, summary));
    }

    [Fact]
    public void Serialize_DenseSamples_AreWrittenAsABitsetSmallerThanTheirList()
    {
        var dense = Summary(new Dictionary<string, int[]>(StringComparer.Ordinal) { [Cell] = [.. Enumerable.Range(0, 1_000)] });
        var sparse = Summary(new Dictionary<string, int[]>(StringComparer.Ordinal) { [Cell] = [.. Enumerable.Range(0, 1_000).Select(i => i * 1_000)] });

        var denseBytes = Bytes(dense);

        // 1,000 samples as a list take 4,000 bytes; as a bitset, 16 words of 8 bytes.
        Assert.True(denseBytes.Length < Bytes(sparse).Length - 3_500, $"{denseBytes.Length} bytes for 1,000 dense samples");
        AssertSameHeld(dense.HeldSamples, SegmentSummaryBinary.Parse(denseBytes).Summary.HeldSamples);
        AssertSameHeld(sparse.HeldSamples, SegmentSummaryBinary.Parse(Bytes(sparse)).Summary.HeldSamples);
    }

    [Fact]
    public void Parse_EmptySummary_GivesBackAnEmptySummary()
    {
        var empty = new SegmentSummary
        {
            Records = 0,
            HeldSamples = new Dictionary<string, int[]>(StringComparer.Ordinal),
            HeldKeys = [],
            RunShards = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal),
        };

        var parsed = SegmentSummaryBinary.Parse(Bytes(empty)).Summary;

        Assert.Equal(0, parsed.Records);
        Assert.Null(parsed.FirstFinishedAt);
        Assert.Null(parsed.LastFinishedAt);
        Assert.Empty(parsed.HeldSamples);
        Assert.Empty(parsed.HeldKeys);
        Assert.Empty(parsed.ModelHeldSamples);
        Assert.Empty(parsed.ModelHeldKeys);
        Assert.Empty(parsed.RunShards);
    }

    [Fact]
    public void Parse_EveryTruncationAndATrailingByte_IsAFormatException()
    {
        var bytes = Bytes(Rich());

        for (var length = 0; length < bytes.Length; length++)
        {
            var truncated = bytes[..length];
            Assert.Throws<FormatException>(() => SegmentSummaryBinary.Parse(truncated));
        }

        Assert.Throws<FormatException>(() => SegmentSummaryBinary.Parse([.. bytes, 0]));
    }

    [Fact]
    public void Parse_SamplesOutOfOrder_IsAFormatException()
    {
        var bytes = Bytes(Summary(new Dictionary<string, int[]>(StringComparer.Ordinal) { [Cell] = [3, 7] }));

        // The two samples are the last 8 bytes before the empty held keys (4) and models (4): swap them.
        var samples = bytes.Length - 16;
        (bytes[samples], bytes[samples + 4]) = (bytes[samples + 4], bytes[samples]);

        var error = Assert.Throws<FormatException>(() => SegmentSummaryBinary.Parse(bytes));
        Assert.Contains("ascending", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SealedFile_GetsABinarySummaryThatAnswersWhatItsRecordsAnswer()
    {
        Write(StorageFormat.Parquet, "run-20261206-2201", ModelRecords(300));

        var reader = new StoreSummaryReader(Layout, SampleHoldings.Rule);
        var summaries = reader.Read(runIds: null, includeLiveLogs: false).ToList();

        Assert.True(SegmentSummaryBinary.IsBinary(File.ReadAllBytes(SummaryFiles().Single())));
        Assert.Equal((1, 0), (reader.SummariesRead, reader.FilesReadInFull));
        Assert.Empty(reader.Problems);
        Assert.Null(SegmentSummaryFile.Disagreement(summaries.Single(), RecomputedSummary()));
    }

    [Fact]
    public void Read_BinarySummaryWithAFlippedBit_IsReportedDamagedAndTheFileReadInFull()
    {
        Write(StorageFormat.Parquet, "run-20261206-2202", ModelRecords(300));
        var summary = SummaryFiles().Single();
        StoreFiles.FlipBit(summary, new FileInfo(summary).Length / 2, 5);

        var reader = new StoreSummaryReader(Layout, SampleHoldings.Rule);
        var summaries = reader.Read(runIds: null, includeLiveLogs: false).ToList();

        var problem = Assert.Single(reader.Problems);
        Assert.Equal(StoreProblemKind.DamagedSummary, problem.Kind);
        Assert.Contains("was read in full instead", problem.Message, StringComparison.Ordinal);
        Assert.Equal((0, 1), (reader.SummariesRead, reader.FilesReadInFull));
        Assert.Null(SegmentSummaryFile.Disagreement(summaries.Single(), RecomputedSummary()));
    }

    [Fact]
    public void Read_TruncatedBinarySummarySealedUnderItsOwnChecksum_IsReportedDamagedAndTheFileReadInFull()
    {
        Write(StorageFormat.Json, "run-20261206-2203", ModelRecords(300));
        var summary = SummaryFiles().Single();
        var bytes = File.ReadAllBytes(summary);

        // Its checksum holds (a writer that stopped half-way and sealed what it had): the layout alone tells.
        JsonSummaries.Write(summary, Layout.DataFiles().Single(), stream => stream.Write(bytes.AsSpan(0, bytes.Length - 3)));

        var reader = new StoreSummaryReader(Layout, SampleHoldings.Rule);
        var summaries = reader.Read(runIds: null, includeLiveLogs: false).ToList();

        var problem = Assert.Single(reader.Problems);
        Assert.Equal(StoreProblemKind.DamagedSummary, problem.Kind);
        Assert.Contains("is not a summary", problem.Message, StringComparison.Ordinal);
        Assert.Equal((0, 1), (reader.SummariesRead, reader.FilesReadInFull));
        Assert.Null(SegmentSummaryFile.Disagreement(summaries.Single(), RecomputedSummary()));
    }

    [Fact]
    public void Read_OldJsonSummaryBesideABinaryOne_BothFilesAreAnsweredByTheirSummaries()
    {
        Write(StorageFormat.Json, "run-20261206-2204", ModelRecords(600), new RecordWriterOptions { SegmentRecordLimit = 300 });
        var files = Layout.DataFiles().Order(StringComparer.Ordinal).ToArray();
        var json = JsonSummaries.Rewrite(SummaryFiles()[0], files[0]);

        var reader = new StoreSummaryReader(Layout, SampleHoldings.Rule);
        var summaries = reader.Read(runIds: null, includeLiveLogs: false).ToList();

        Assert.True(SegmentSummaryJson.IsJson(File.ReadAllBytes(json)));
        Assert.Single(SummaryFiles(), s => SegmentSummaryBinary.IsBinary(File.ReadAllBytes(s)));
        Assert.Empty(reader.Problems);
        Assert.Equal((2, 0), (reader.SummariesRead, reader.FilesReadInFull));
        Assert.Equal(600, summaries.Sum(s => s.Records));
        Assert.Equal(HeldByRecords(), Held(summaries));
    }

    private static SegmentSummary Rich() => new()
    {
        Records = 100_000,
        FirstFinishedAt = new DateTime(2026, 12, 6, 21, 15, 0, DateTimeKind.Utc),
        LastFinishedAt = new DateTime(2026, 12, 6, 22, 14, 59, 999, DateTimeKind.Utc).AddTicks(7),
        RunShards = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal)
        {
            ["run-20261206-2115"] = new Dictionary<string, long>(StringComparer.Ordinal) { ["0/2"] = 49_999, ["1/2"] = 50_000 },
            [""] = new Dictionary<string, long>(StringComparer.Ordinal) { [""] = 1 },
        },
        HeldSamples = new Dictionary<string, int[]>(StringComparer.Ordinal)
        {
            [Cell] = [0, 1, 2, 63, 64, 1_000_000, int.MaxValue],
            [Cell.Replace("gpt-4o-mini", "通义千问-max", StringComparison.Ordinal).Replace("optimal", "réflexion_📎", StringComparison.Ordinal)] = [.. Enumerable.Range(0, 200)],
            [Cell.Replace("0.8", "0.9", StringComparison.Ordinal)] = [],
        },
        HeldKeys = ["WorkflowBench#WorkflowBench.ToolUseBatch.Smoke|model=gpt-4o-mini", "legacy-key-ümlaut"],
        ModelHeldSamples = new Dictionary<string, IReadOnlyDictionary<string, int[]>>(StringComparer.Ordinal)
        {
            ["gpt-4o-2024-08-06"] = new Dictionary<string, int[]>(StringComparer.Ordinal) { [Cell] = [5, 4_096, 4_097] },
            ["deepseek-r1-0528"] = new Dictionary<string, int[]>(StringComparer.Ordinal) { [Cell] = [.. Enumerable.Range(640, 128)] },
        },
        ModelHeldKeys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["gpt-4o-2024-08-06"] = ["WorkflowBench#WorkflowBench.ToolUseBatch.Smoke|model=gpt-4o"] },
    };

    private static SegmentSummary Summary(Dictionary<string, int[]> held) => new()
    {
        Records = held.Sum(c => c.Value.Length),
        HeldSamples = held,
        HeldKeys = [],
        RunShards = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal),
    };

    private static byte[] Bytes(SegmentSummary summary)
    {
        using var stream = new MemoryStream();
        SegmentSummaryBinary.Serialize(stream, FileName, 8_236_203, summary);
        return stream.ToArray();
    }

    private static void AssertSameHeld(IReadOnlyDictionary<string, int[]> expected, IReadOnlyDictionary<string, int[]> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        Assert.All(expected, cell => Assert.Equal(cell.Value, actual[cell.Key]));
    }

    private static List<ResultRecord> ModelRecords(int count)
    {
        // A third say no model_id (format 1), the rest one of two snapshots; every key as the recorder writes it.
        string?[] modelIds = [null, "gpt-4o-2024-05-13", "gpt-4o-2024-08-06"];
        return [.. TestRecords.Varied(count, seed: 25).Select((r, i) => new ResultRecordBuilder(r) { CaseKey = CaseKey.ForRecord(r), ModelId = modelIds[i % 3] }.Build())];
    }

    private void Write(StorageFormat format, string runId, IEnumerable<ResultRecord> records, RecordWriterOptions? options = null)
    {
        using var writer = RecordWriter.Open(Layout, SampleHoldings.Rule, format, runId, options: options ?? new RecordWriterOptions { SegmentRecordLimit = 1_000 });
        foreach (var record in records)
        {
            writer.Append(record);
        }

        writer.Complete();
    }

    private string[] SummaryFiles() =>
        [.. Directory.EnumerateFiles(Layout.SummaryDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    private SegmentSummary RecomputedSummary() => new SegmentSummaryBuilder(SampleHoldings.Rule).AddRange(new StoreReader(Layout).Read()).Build();

    private SortedSet<string> HeldByRecords() =>
        new(new StoreReader(Layout).Read().Where(r => SampleHoldings.Holds(r) && r.ModelId is null).Select(r => SampleHoldings.SampleOf(r)!), StringComparer.Ordinal);

    private static SortedSet<string> Held(IEnumerable<SegmentSummary> summaries) =>
        new(summaries.SelectMany(s => s.HeldSamples.SelectMany(c => c.Value.Select(sample => $"{c.Key}|#{sample}")).Concat(s.HeldKeys)), StringComparer.Ordinal);
}
