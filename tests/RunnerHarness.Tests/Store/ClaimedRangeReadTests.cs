using System.Buffers;
using System.Text;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Parquet;
using RunnerHarness.Tests.Store.Parquet;

namespace RunnerHarness.Tests.Store;

/// <summary>
/// The id pass by claimed ranges (<see cref="ClaimedIdSweep"/>): a Parquet file's ids are read when the merge of sorted
/// ids reaches the smallest id its <c>record_id</c> statistics claim and let go once passed, and a file whose ids begin
/// below its claim sends the read back to the pass over every id at once. Every test reads a real store written by
/// <see cref="RecordWriter"/>, <see cref="BulkRecordWriter"/> or DuckDB (or copied and edited from one) and checks that
/// each record is counted once, the right copy kept, and how many files' ids the pass held at once
/// (<see cref="StoreReader.IdPassFilesHeld"/>: all of them for the full pass).
/// </summary>
public sealed class ClaimedRangeReadTests : IDisposable
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;

    public ClaimedRangeReadTests() => _layout = new StoreLayout(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Read_FilesWrittenAtDifferentTimes_HoldsOneFilesIdsAtATimeAndCountsEveryRecordOnce()
    {
        var morning = Write("run-20261207-0801", 200, Monday, seed: 81);
        var noon = Write("run-20261207-1201", 150, Monday.AddHours(4), seed: 82);
        var evening = Write("run-20261207-1801", 120, Monday.AddHours(10), seed: 83);

        var reader = new StoreReader(_layout);
        var ids = reader.Read().Select(r => r.RecordId).ToList();

        Assert.Equal(Ids(morning, noon, evening), ids.Order(StringComparer.Ordinal));
        Assert.Equal(1, reader.IdPassFilesHeld);
        Assert.Equal(470, reader.RecordsProvenUnique);
        Assert.Equal(0, reader.DuplicatesSkipped);
    }

    [Fact]
    public void Read_WritersAtOnceACopyAndAnImportSpanningTwoFiles_HoldsTheOverlappingFilesTogetherAndCountsEachIdOnce()
    {
        // Two writers that ran at once (their ids interleave), a copy of the first in another run folder (the same
        // range), an import repeating ids of an earlier and a later file (a range spanning both), and a file written
        // apart from all: at most three files' ids held at once (the writers at once and the copy), of seven.
        var atOnceLeft = Write("run-20261207-0802", 100, Monday, seed: 84);
        var atOnceRight = Write("run-20261207-0803", 100, Monday.AddTicks(5_000), seed: 85);
        Copy(File("run-20261207-0802"), "run-20261207-0804");
        var early = Write("run-20261207-1002", 80, Monday.AddHours(2), seed: 86);
        var late = Write("run-20261207-1102", 80, Monday.AddHours(3), seed: 87);
        WriteRecords("run-20261207-1003", [.. early.Take(10), .. late.TakeLast(10)]);
        var apart = Write("run-20261207-1802", 60, Monday.AddHours(10), seed: 88);

        var reader = new StoreReader(_layout);
        var ids = reader.Read().Select(r => r.RecordId).ToList();

        Assert.Equal(Ids(atOnceLeft, atOnceRight, early, late, apart), ids.Order(StringComparer.Ordinal));
        Assert.Equal(7, _layout.DataFiles().Count);
        Assert.Equal(3, reader.IdPassFilesHeld);
        Assert.Equal(100 + 20, reader.DuplicatesSkipped);
    }

    [Fact]
    public void Read_AHandEditedCopyClaimingALaterRange_IsCaughtByItsIdsAndEveryRecordCountsOnce()
    {
        // A hand-edited copy of the morning's file whose statistics claim ids of the night: trusted, the sweep would
        // read it after it let the morning's ids go and count the morning twice. Its smallest id lies below that claim,
        // so the read takes the pass that holds every file's ids at once.
        var morning = Write("run-20261207-0805", 150, Monday, seed: 89);
        var evening = Write("run-20261207-1805", 90, Monday.AddHours(10), seed: 90);
        var liar = Claiming(File("run-20261207-0805"), "run-20261207-0806", Ids(morning), Key(Monday.AddHours(20)), Key(Monday.AddHours(21)));
        Assert.True(ParquetIdClaim.SmallestId(liar) > UuidOrderKey.Of(Guid.Parse(Ids(evening)[^1])), "the edited statistics do not claim ids after the evening's");

        var reader = new StoreReader(_layout);
        var ids = reader.Read().Select(r => r.RecordId).ToList();

        Assert.Equal(Ids(morning, evening), ids.Order(StringComparer.Ordinal));
        Assert.Equal(3, reader.IdPassFilesHeld);
        Assert.Equal(150, reader.DuplicatesSkipped);
        Assert.Empty(reader.Problems);
    }

    [Fact]
    public void Read_SegmentsOfOneWriterMeetingInOneMillisecond_HoldsTwoFilesIdsAtATime()
    {
        // UUIDv7 ids of one millisecond are ordered by their random bits, so a writer's segments that meet in one
        // millisecond overlap at their ends: every file's range touches the next, yet no more than two are held at once.
        var files = Enumerable.Range(0, 4).Select(k => Meeting("run-20261207-0900", Monday.AddHours(1).AddMilliseconds(k * 300), seed: 100 + k)).ToList();
        new BulkRecordWriter(_layout, SampleHoldings.Rule, StorageFormat.Parquet, new WriterIdentity("run-20261207-0900"), segmentRecordLimit: 101)
            .Write(files.SelectMany(f => f).Select(r => (r, (IReadOnlyList<RunnerHarness.Transcripts.TranscriptMessage>?)null)));
        Assert.All(files.Zip(files.Skip(1)), pair => Assert.True(string.CompareOrdinal(Ids(pair.First)[^1], Ids(pair.Second)[0]) > 0, "consecutive segments do not overlap"));

        var reader = new StoreReader(_layout);
        var ids = reader.Read().Select(r => r.RecordId).ToList();

        Assert.Equal(Ids([.. files]), ids.Order(StringComparer.Ordinal));
        Assert.Equal(4, _layout.DataFiles().Count);
        Assert.Equal(2, reader.IdPassFilesHeld);
        Assert.Equal(0, reader.DuplicatesSkipped);
    }

    [Fact]
    public void Read_FilesDuckDbWroteBesideOurs_TakesTheirStatisticsAsClaimsAndCountsEachIdOnce()
    {
        // Another Parquet writer's files in the store: DuckDB's copy of an evening's records, and its export of part
        // of the morning's file (an import repeating ids). DuckDB writes record_id's minimum and maximum too.
        var morning = Write("run-20261207-0811", 120, Monday, seed: 95);
        var evening = Records("run-20261207-1811", 80, Monday.AddHours(10), seed: 96);
        var source = Path.Combine(_directory.Path, "evening-source.parquet");
        ParquetTestFile.Write(source, evening);
        ByDuckDb("run-20261207-1811", $"SELECT * FROM read_parquet('{source}')");
        ByDuckDb("run-20261207-0812", $"SELECT * FROM read_parquet('{File("run-20261207-0811")}') WHERE sample_index < 3");

        var reader = new StoreReader(_layout);
        var ids = reader.Read().Select(r => r.RecordId).ToList();

        Assert.Equal(Ids(morning, evening), ids.Order(StringComparer.Ordinal));
        Assert.Equal(2, reader.IdPassFilesHeld);
        Assert.Equal(morning.Count(r => r.SampleIndex < 3), reader.DuplicatesSkipped);
    }

    [Fact]
    public void Read_ARepeatedIdWhoseCopiesDiffer_KeepsTheEarlierFinishedCopyWhileHoldingTwoFiles()
    {
        var morning = Write("run-20261207-0807", 100, Monday, seed: 91);
        Write("run-20261207-1807", 100, Monday.AddHours(10), seed: 92);
        var edited = morning.Skip(40).Take(5).Select(r => new ResultRecordBuilder(r) { FinishedAt = r.FinishedAt!.Value.AddMinutes(7), Turns = 42 }.Build());
        WriteRecords("run-20261207-0808", [.. edited]);

        var reader = new StoreReader(_layout);
        var read = reader.Read().ToDictionary(r => r.RecordId);

        Assert.Equal(200, read.Count);
        Assert.Equal(2, reader.IdPassFilesHeld);
        Assert.Equal(5, reader.DuplicatesSkipped);
        Assert.All(morning.Skip(40).Take(5), r => Assert.Equal((r.FinishedAt, r.Turns), (read[r.RecordId].FinishedAt, read[r.RecordId].Turns)));
    }

    [Fact]
    public void Read_ADeadWritersLogBesideTheFiles_HoldsEveryIdForTheLogsLookups()
    {
        // A log read after the files looks its ids up among theirs, so the pass may not let them go.
        var morning = Write("run-20261207-0809", 50, Monday, seed: 93);
        var evening = Write("run-20261207-1809", 50, Monday.AddHours(10), seed: 94);
        KilledWriterLog("run-20261207-0810", [.. morning.Take(3)]);

        var reader = new StoreReader(_layout);
        var ids = reader.Read().Select(r => r.RecordId).ToList();

        Assert.Equal(Ids(morning, evening), ids.Order(StringComparer.Ordinal));
        Assert.Equal(2, reader.IdPassFilesHeld);
        Assert.Equal(3, reader.DuplicatesSkipped);
        Assert.Equal(0, reader.DeadWriterRecords);
    }

    [Fact]
    public void Read_FilesWithoutUuidClaimsRepeatsInsideAFileAndIdsInAnotherCase_YieldsTheRecordsThePassOverEveryIdYields()
    {
        // Files whose claims are no help or touch: ids that are not UUIDs (no claim: read first), a file holding ids twice
        // with its copies edited (the same claim as the file it repeats), and an evening file's ids in upper case (the same
        // ids, claimed in another spelling). The read must keep the very copies the pass holding every id keeps.
        var morning = Write("run-20261207-0820", 60, Monday, seed: 97);
        var evening = Write("run-20261207-1820", 40, Monday.AddHours(10), seed: 98);
        var legacy = $"SELECT * REPLACE ('legacy-' || lpad(CAST(sample_index AS VARCHAR), 4, '0') || '-' || model AS record_id) FROM read_parquet('{File("run-20261207-0820")}')";
        ByDuckDb("run-20261207-0821", legacy);
        ByDuckDb("run-20261207-0822", $"{legacy} WHERE sample_index < 2");
        ByDuckDb("run-20261207-0823", $"SELECT * FROM read_parquet('{File("run-20261207-0820")}') UNION ALL SELECT * REPLACE ('run-20261207-0899' AS run_id) FROM read_parquet('{File("run-20261207-0820")}') WHERE sample_index < 2");
        ByDuckDb("run-20261207-1821", $"SELECT * REPLACE (upper(record_id) AS record_id, 'run-20261207-1899' AS run_id) FROM read_parquet('{File("run-20261207-1820")}') WHERE sample_index < 2");
        Assert.Null(ParquetIdClaim.SmallestId(File("run-20261207-0821")));
        Assert.Equal(ParquetIdClaim.SmallestId(File("run-20261207-0820")), ParquetIdClaim.SmallestId(File("run-20261207-0823")));

        var byRanges = new StoreReader(_layout);
        var swept = byRanges.Read().Select(r => (r.RecordId, r.RunId, r.SampleIndex, r.Model)).Order().ToList();
        KilledWriterLog("run-20261207-0830", []);
        var byEveryId = new StoreReader(_layout);
        var full = byEveryId.Read().Select(r => (r.RecordId, r.RunId, r.SampleIndex, r.Model)).Order().ToList();

        Assert.Equal(6, _layout.DataFiles().Count);
        Assert.InRange(byRanges.IdPassFilesHeld, 1, 5);
        Assert.Equal(6, byEveryId.IdPassFilesHeld);
        Assert.Equal(full, swept);
        Assert.Equal(byEveryId.DuplicatesSkipped, byRanges.DuplicatesSkipped);
        Assert.True(byRanges.DuplicatesSkipped > morning.Count, $"only {byRanges.DuplicatesSkipped} copies skipped");
        var legacyIds = morning.Select(r => $"legacy-{r.SampleIndex:D4}-{r.Model}").Distinct().Count();
        Assert.Equal(morning.Count + evening.Count + legacyIds, swept.Select(r => Guid.TryParse(r.RecordId, out var g) ? g.ToString() : r.RecordId).Distinct().Count());
        Assert.Equal(swept.Count, swept.Select(r => Guid.TryParse(r.RecordId, out var g) ? g.ToString() : r.RecordId).Distinct().Count());
    }

    private List<ResultRecord> Write(string runId, int count, DateTimeOffset start, int seed)
    {
        var records = Records(runId, count, start, seed);
        WriteRecords(runId, records);
        return records;
    }

    // Segment k of a writer: 101 records 3 ms apart from start, the first with the smallest id of its millisecond, the
    // last in the next segment's first millisecond with the largest id of that millisecond.
    private static List<ResultRecord> Meeting(string runId, DateTimeOffset start, int seed)
    {
        var records = Records(runId, 101, start, seed);
        records[0] = new ResultRecordBuilder(records[0]) { RecordId = Key(start)[..14] + "7000-8000-000000000000" }.Build();
        records[^1] = new ResultRecordBuilder(records[^1]) { RecordId = Key(start.AddMilliseconds(300))[..14] + "7fff-bfff-ffffffffffff" }.Build();
        return records;
    }

    // Records of one run whose ids were minted from start on, 3 ms apart.
    private static List<ResultRecord> Records(string runId, int count, DateTimeOffset start, int seed) =>
        [.. TestRecords.Varied(count, seed).Select((r, i) => new ResultRecordBuilder(r) { RecordId = Key(start.AddMilliseconds(i * 3)), RunId = runId }.Build())];

    // A file DuckDB writes from the query, sealed under its checksum into run folder runId.
    private void ByDuckDb(string runId, string query)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_layout.DataDirectory, "runs", runId)).FullName;
        var path = Path.Combine(folder, "duckdb.unsealed");
        DuckDbSql.Execute($"COPY ({query}) TO '{path}' (FORMAT parquet)");
        System.IO.File.Move(path, Path.Combine(folder, SegmentChecksum.NameFor("duckdb-export-0000", path, StoreLayout.ParquetExtension)));
    }

    private void WriteRecords(string runId, IReadOnlyList<ResultRecord> records)
    {
        using var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Parquet, runId);
        foreach (var record in records)
        {
            writer.Append(record);
        }

        writer.Complete();
    }

    private string File(string runId) => _layout.DataFiles().Single(f => f.Contains(runId, StringComparison.Ordinal));

    private string Copy(string file, string runId)
    {
        var folder = Path.Combine(_layout.DataDirectory, "runs", runId);
        Directory.CreateDirectory(folder);
        var copy = Path.Combine(folder, Path.GetFileName(file));
        System.IO.File.Copy(file, copy);
        return copy;
    }

    /// <summary>
    /// A copy of <paramref name="file"/> (whose ids are <paramref name="ids"/>, ascending) in run folder
    /// <paramref name="runId"/> whose footer's <c>record_id</c> statistics say <paramref name="min"/> and <paramref name="max"/>, renamed to the checksum of its new bytes (a
    /// hand-edited file passes its checksum).
    /// </summary>
    private string Claiming(string file, string runId, List<string> ids, string min, string max)
    {
        var bytes = System.IO.File.ReadAllBytes(file);
        var footerLength = BitConverter.ToInt32(bytes, bytes.Length - 8);
        var footer = bytes.AsSpan(bytes.Length - 8 - footerLength, footerLength);
        var edits = Replace(footer, ids[0], min) + Replace(footer, ids[^1], max);
        Assert.True(edits >= 2, $"the footer of {file} holds no statistics of record_id to edit");

        var folder = Path.Combine(_layout.DataDirectory, "runs", runId);
        Directory.CreateDirectory(folder);
        var edited = Path.Combine(folder, "edited.parquet");
        System.IO.File.WriteAllBytes(edited, bytes);
        var stem = Path.GetFileName(file)[..Path.GetFileName(file).IndexOf(".sha256_", StringComparison.Ordinal)];
        var named = Path.Combine(folder, SegmentChecksum.NameFor(stem, edited, StoreLayout.ParquetExtension));
        System.IO.File.Move(edited, named);
        return named;
    }

    private static int Replace(Span<byte> footer, string from, string to)
    {
        var (old, replacement) = (Encoding.ASCII.GetBytes(from), Encoding.ASCII.GetBytes(to));
        var count = 0;
        for (var at = footer.IndexOf(old); at >= 0; at = footer.IndexOf(old))
        {
            replacement.CopyTo(footer[at..]);
            count++;
        }

        return count;
    }

    /// <summary>What a test host killed before it sealed leaves: its manifest, a free lock file and its log.</summary>
    private void KilledWriterLog(string runId, IReadOnlyList<ResultRecord> records)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_layout.WriteAheadLogDirectory, runId)).FullName;
        System.IO.File.WriteAllText(Path.Combine(folder, "writer.json"), $"{{\"run_id\":\"{runId}\",\"host\":\"ci-linux-4\",\"process_id\":4242,\"started_at\":\"2026-12-07T08:15:00Z\"}}");
        System.IO.File.WriteAllBytes(Path.Combine(folder, "writer.lock"), []);
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var record in records)
        {
            JsonLinesRecordCodec.WriteLine(record, buffer);
        }

        System.IO.File.WriteAllBytes(Path.Combine(folder, "ci-linux-4-4242-20261207T081500-0000.jsonl"), buffer.WrittenSpan.ToArray());
    }

    private static string Key(DateTimeOffset time) => Guid.CreateVersion7(time).ToString("D");

    private static List<string> Ids(params List<ResultRecord>[] files) =>
        [.. files.SelectMany(f => f).Select(r => r.RecordId).Distinct().Order(StringComparer.Ordinal)];
}
