using System.Text;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Parquet;
using RunnerHarness.Tests.Store.Integrity;

namespace RunnerHarness.Tests.Store.JsonLines;

/// <summary>
/// The projecting read of sealed JSON Lines files: the projected columns read as a full parse reads them, the others as
/// a new record holds them (as a projected Parquet read gives them), bad lines reported as before, and a file that
/// fails its checksum counting nothing, also when the id pass proved the others and the read parses ahead on the pool.
/// </summary>
public sealed class JsonLinesProjectedReadTests : IDisposable
{
    private static readonly RecordProjection[] Projections =
    [
        // What `report` reads.
        RecordProjection.Of(
            RecordColumns.Model, RecordColumns.PromptType, RecordColumns.ToolSuccessRate, RecordColumns.Difficulty, RecordColumns.TaskType,
            RecordColumns.Outcome, RecordColumns.SuccessLevel, RecordColumns.ErrorCategory, RecordColumns.FinalScore, RecordColumns.RunId,
            RecordColumns.SampleIndex, RecordColumns.Item, RecordColumns.ItemHash, RecordColumns.Assembly, RecordColumns.TestClass, RecordColumns.TestMethod),

        // Maps, times, enums and every number type.
        RecordProjection.Of(
            RecordColumns.Dimensions, RecordColumns.Metrics, RecordColumns.Traits, RecordColumns.StartedAt, RecordColumns.FinishedAt,
            RecordColumns.FormatVersion, RecordColumns.InputTokens, RecordColumns.Turns, RecordColumns.Reconstructed, RecordColumns.CostUsd),

        // Long text only.
        RecordProjection.Of(RecordColumns.Output, RecordColumns.ErrorMessage, RecordColumns.DisplayName),
    ];

    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;

    public JsonLinesProjectedReadTests() => _layout = new StoreLayout(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Read_Projected_EqualsTheFullReadOnTheProjectedColumnsAndTheParquetReadOnAll()
    {
        List<ResultRecord> records =
        [
            .. TestRecords.Varied(600),
            TestRecords.EveryColumnSet(),
            TestRecords.WithLongText(3),
            TestRecords.EveryNullableColumnNull(),
        ];
        var json = Sealed(StorageFormat.Json, "run-20261207-0001", records);
        var parquet = Sealed(StorageFormat.Parquet, "run-20261207-0001", records, new StoreLayout(Path.Combine(_directory.Path, "parquet")));
        var reader = new JsonLinesSegmentReader();
        var full = reader.Read(json, RecordProjection.All, Unexpected).ToList();

        foreach (var projection in Projections)
        {
            var projected = reader.Read(json, projection, Unexpected).ToList();

            Assert.Equal(Lines(full.Select(r => Only(r, projection))), Lines(projected));
            Assert.Equal(Lines(new ParquetSegmentReader().Read(parquet, projection, Unexpected)), Lines(projected));
        }
    }

    [Fact]
    public void Read_Projected_LinesWithEscapesNamedNumbersAndUnknownNestedColumns_ReadsTheProjectedColumnsAsAFullParse()
    {
        var records = TestRecords.Varied(40);
        var lines = StoreFiles.Lines(records).Select(l => l.TrimEnd('\n')).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i]
                .Replace("\"model\":\"", "\"\\u006dodel\":\"\\u0020", StringComparison.Ordinal)
                .Replace("\"prompt_type\":\"", "\"prompt_type\":\"\\u00e9\\ud83d\\ude80", StringComparison.Ordinal);
            if (records[i].FinalScore is not null)
            {
                line = line.Replace($"\"final_score\":{Json(records[i].FinalScore)}", i % 2 == 0 ? "\"final_score\":\"NaN\"" : "\"final_score\":\"-Infinity\"", StringComparison.Ordinal);
            }

            // A newer writer's columns, before the first and after the last, holding nested objects and arrays.
            lines[i] = "{\"x_newer\":{\"nested\":[1,2.5,{\"deep\":\"v\\u00e9\",\"n\":null}],\"flag\":true}," + line[1..^1] + ",\"zz_extra\":[[],{},\"}\"]}";
        }

        var path = SealedLines("run-20261207-0003", lines);
        var full = lines.Select(l => Assert.IsType<ResultRecord>(Parse(l))).ToList();
        Assert.Contains(full, r => r.Model!.StartsWith(' ') && double.IsNaN(r.FinalScore ?? 0));

        foreach (var projection in Projections.Append(RecordProjection.Of(RecordColumns.Model, RecordColumns.PromptType, RecordColumns.FinalScore)))
        {
            var projected = new JsonLinesSegmentReader().Read(path, projection, Unexpected).ToList();

            Assert.Equal(Lines(full.Select(r => Only(r, projection))), Lines(projected));
        }
    }

    [Fact]
    public void Read_Projected_ValueOutsideTheProjectionOutOfItsTypesRange_IsSkippedWithoutBeingConverted()
    {
        // 1e40 is a JSON number, the token an int column takes, but no int: converting it would reject the line.
        var line = StoreFiles.Lines(TestRecords.Varied(1))[0].TrimEnd('\n');
        var turns = $"\"turns\":{Json(TestRecords.Varied(1)[0].Turns)}";
        Assert.Contains(turns, line, StringComparison.Ordinal);
        var path = SealedLines("run-20261207-0004", [line.Replace(turns, "\"turns\":1e40", StringComparison.Ordinal)]);
        var reader = new JsonLinesSegmentReader();

        var projected = reader.Read(path, RecordProjection.Of(RecordColumns.Model), Unexpected).ToList();
        var problems = new List<StoreProblem>();
        var full = reader.Read(path, RecordProjection.All, problems.Add).ToList();

        Assert.Equal(TestRecords.Varied(1)[0].Model, Assert.Single(projected).Model);
        Assert.Null(Assert.Single(projected).Turns);
        Assert.Empty(full);
        Assert.Equal(StoreProblemKind.BadLine, Assert.Single(problems).Kind);
    }

    [Fact]
    public void Read_Projected_ALineNamingAColumnTwice_ReadsTheLastValueAsAFullParse()
    {
        var records = TestRecords.Varied(3).Where(r => r.FinalScore is not null && r.Model is not null).Take(2).ToList();
        var lines = StoreFiles.Lines(records).Select(l => l.TrimEnd('\n')).ToList();

        // A later null must win over an earlier value, and a later value over an earlier null.
        lines[0] = lines[0][..^1] + ",\"model\":null,\"final_score\":null}";
        lines[1] = "{\"model\":null,\"final_score\":null," + lines[1][1..];
        var path = SealedLines("run-20261207-0010", lines);

        var read = new JsonLinesSegmentReader().Read(path, RecordProjection.Of(RecordColumns.Model, RecordColumns.FinalScore), Unexpected).ToList();

        Assert.Equal([null, records[1].Model], read.Select(r => r.Model));
        Assert.Equal([null, records[1].FinalScore], read.Select(r => r.FinalScore));
        Assert.Equal(lines.Select(l => Parse(l)!.Model), read.Select(r => r.Model));
    }

    [Fact]
    public void Read_Projected_BadLines_AreReportedInPlaceAndTheOtherLinesRead()
    {
        var records = TestRecords.Varied(6);
        var lines = StoreFiles.Lines(records).Select(l => l.TrimEnd('\n')).ToList();
        var turns = $"\"turns\":{Json(records[4].Turns)}";
        lines[1] = lines[1][..(lines[1].Length / 2)];
        lines[2] = lines[2].Replace($"\"record_id\":\"{records[2].RecordId}\"", "\"record_id\":null", StringComparison.Ordinal);
        lines[4] = lines[4].Replace(turns, "\"turns\":\"three\"", StringComparison.Ordinal);
        var path = SealedLines("run-20261207-0005", lines);
        var problems = new List<StoreProblem>();
        var order = new List<string>();

        foreach (var record in new JsonLinesSegmentReader().Read(path, RecordProjection.Of(RecordColumns.Model), p => { problems.Add(p); order.Add($"problem {problems.Count}"); }))
        {
            order.Add(record.RecordId);
        }

        Assert.Equal([records[0].RecordId, "problem 1", "problem 2", records[3].RecordId, "problem 3", records[5].RecordId], order);
        Assert.All(problems, p => Assert.Equal(StoreProblemKind.BadLine, p.Kind));
        Assert.StartsWith("line 2 does not parse and is skipped: ", problems[0].Message, StringComparison.Ordinal);
        Assert.Equal("line 3 does not parse and is skipped: the line has no record_id", problems[1].Message);
        Assert.Equal("line 5 does not parse and is skipped: the value of 'turns' is a JSON String, not a number or null", problems[2].Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StoreRead_AFileDamagedInItsLastLine_CountsNoneOfItsRecords(bool deduplicate)
    {
        // More records than the read parses ahead, so records of the damaged file would be handed over before its end.
        var intact = TestRecords.Varied(3_000, seed: 11);
        var damaged = TestRecords.Varied(3_000, seed: 12);
        Sealed(StorageFormat.Json, "run-20261207-0006", intact);
        var path = Sealed(StorageFormat.Json, "run-20261207-0007", damaged);
        StoreFiles.FlipBit(path, new FileInfo(path).Length - 40, 2);
        var reader = new StoreReader(_layout);

        var read = reader.Read(new RecordQuery { Projection = RecordProjection.Of(RecordColumns.Model), Deduplicate = deduplicate }).ToList();

        // Without deduplication the read carries no ids, so the records are told apart by what they hold.
        Assert.Equal(intact.Count, read.Count);
        Assert.Equal(intact.Select(r => r.Model).Order(StringComparer.Ordinal), read.Select(r => r.Model).Order(StringComparer.Ordinal));
        var problem = Assert.Single(reader.Problems);
        Assert.Equal(StoreProblemKind.CorruptFile, problem.Kind);
        Assert.Contains(Path.GetFileName(path), problem.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AfterTheIdPassKeptTheHandle_ReadsTheVerifiedBytesWithoutOpeningThePathAgain()
    {
        var records = TestRecords.Varied(700);
        var path = Sealed(StorageFormat.Json, "run-20261207-0008", records);
        using var verified = new VerifiedSegments();

        var plan = ConflictPlan.Of([path], locate: true, verified);

        // The path is gone: a read that opened (and hashed) it again would fail; one through the kept handle reads the
        // bytes the id pass hashed as it scanned them.
        File.Delete(path);
        var read = JsonLinesSegmentReader.Read(path, RecordProjection.Of(RecordColumns.Model), Unexpected, verified).ToList();

        Assert.False(plan.HasRepeats);
        Assert.Equal(records.Select(r => (r.RecordId, r.Model)), read.Select(r => (r.RecordId, r.Model)));
        Assert.Null(verified.Take(path));
    }

    [Fact]
    public void IdPass_OfADamagedFile_KeepsNoHandleAndTheReadReportsTheDamage()
    {
        var path = Sealed(StorageFormat.Json, "run-20261207-0009", TestRecords.Varied(50));
        StoreFiles.FlipBit(path, new FileInfo(path).Length / 2, 5);
        using var verified = new VerifiedSegments();

        ConflictPlan.Of([path], locate: true, verified);

        Assert.Null(verified.Take(path));
        var ex = Assert.Throws<CorruptSegmentException>(() => JsonLinesSegmentReader.Read(path, RecordProjection.Of(RecordColumns.Model), Unexpected, verified).ToList());
        Assert.Contains("checksum", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadVerified_EveryColumn_EqualsTheSerializersParseOfEachLineInEveryShape()
    {
        // A migration or compaction reads checksummed files whole through the one-pass parser; each record must be the
        // serializer's parse of its line, also for lines in shapes no writer writes (a missing column, an escaped name,
        // a repeated name, numbers spelled otherwise, a column of a newer harness).
        var line = new System.Buffers.ArrayBufferWriter<byte>();
        var lines = new List<string>();
        foreach (var record in TestRecords.Varied(400).Append(TestRecords.EveryColumnSet()).Append(TestRecords.WithLongText(2))
            .Append(TestRecords.EveryNullableColumnNull()).Append(TestRecords.AsWrittenByFormat1(TestRecords.Varied(1, seed: 3)[0])))
        {
            line.ResetWrittenCount();
            JsonLinesRecordCodec.WriteLine(record, line);
            lines.Add(Encoding.UTF8.GetString(line.WrittenSpan[..^1]));
        }

        lines.Add("""{"record_id":"0193a1b2-c3d4-7e5f-8a9b-0000000000a1","model":"grok-3","outcome":"failed"}""");
        lines.Add(lines[5].Replace("\"model\":", "\"mod\\u0065l\":", StringComparison.Ordinal));
        lines.Add(lines[6].Replace("\"run_id\":", "\"run_id\":\"first\",\"run_id\":", StringComparison.Ordinal));
        lines.Add(lines[7].Replace("\"format_version\":3,", "\"format_version\":3,\"tokens_cached\":12,\"newer\":{\"a\":[1,2]},", StringComparison.Ordinal));
        lines.Add(lines[8].Replace("\"duration_ms\":", "\"duration_ms\":\"NaN\",\"x\":", StringComparison.Ordinal));
        lines.Add(lines[9].Replace("\"final_score\":", "\"final_score\":1.25E-1,\"y\":", StringComparison.Ordinal));
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

        var read = new JsonLinesSegmentReader().ReadVerified("every-shape.jsonl", new MemoryStream(bytes), RecordProjection.All, _ => { }).ToList();

        var expected = new List<ResultRecord>();
        foreach (var text in lines)
        {
            if (JsonLinesRecordCodec.TryParse(Encoding.UTF8.GetBytes(text), out var record, out _))
            {
                expected.Add(record!);
            }
        }

        Assert.Equal(lines.Count, expected.Count);
        Assert.Equal(Lines(expected), Lines(read));
    }

    private static void Unexpected(StoreProblem problem) => Assert.Fail($"unexpected problem: {problem}");

    private static ResultRecord? Parse(string line)
    {
        Assert.True(JsonLinesRecordCodec.TryParse(Encoding.UTF8.GetBytes(line), out var record, out var error), error);
        return record;
    }

    private static string Json(object? value) => System.Text.Json.JsonSerializer.Serialize(value);

    // The record as a projected read should give it: the projected columns as read, every other as a new record holds it.
    private static ResultRecord Only(ResultRecord record, RecordProjection projection)
    {
        var builder = new ResultRecordBuilder(record);
        var fresh = new ResultRecordBuilder();
        foreach (var column in RecordSchema.Columns.Where(c => !projection.Includes(c.Name)))
        {
            var property = typeof(ResultRecordBuilder).GetProperty(column.Property)!;
            property.SetValue(builder, property.GetValue(fresh));
        }

        return builder.Build();
    }

    private static List<string> Lines(IEnumerable<ResultRecord> records) => StoreFiles.Lines(records);

    // The file a writer of run runId seals with these records (a record without a run gets runId).
    private string Sealed(StorageFormat format, string runId, IEnumerable<ResultRecord> records, StoreLayout? layout = null)
    {
        layout ??= _layout;
        var before = layout.DataFiles().ToHashSet(StringComparer.Ordinal);
        using (var writer = RecordWriter.Open(layout, SampleHoldings.Rule, format, runId))
        {
            foreach (var record in records)
            {
                writer.Append(record);
            }
        }

        var path = Assert.Single(layout.DataFiles(), f => !before.Contains(f));
        Assert.True(SegmentChecksum.IsInName(path));
        return path;
    }

    // A sealed file of exactly these lines, named with the checksum of its bytes.
    private string SealedLines(string runId, IEnumerable<string> lines)
    {
        var bytes = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
        var folder = Path.Combine(_layout.DataDirectory, "runs", runId);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"ci-linux-1-4711-20261207T010000-0000.sha256_{SegmentChecksum.Compute(bytes)}.jsonl");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
