using Parquet;
using Parquet.Schema;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Parquet;
using Xunit;

namespace RunnerHarness.Tests.Store.Parquet;

public sealed class ParquetSegmentReaderTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Read_Projection_SetsOnlyProjectedColumnsAndRecordId()
    {
        var path = Path.Combine(_directory.Path, "projection.parquet");
        var record = TestRecords.EveryColumnSet();
        ParquetTestFile.Write(path, [record]);

        var read = Assert.Single(ParquetTestFile.Read(path, RecordProjection.Of(RecordColumns.Model, RecordColumns.Outcome, RecordColumns.Dimensions)));

        Assert.Equal(record.RecordId, read.RecordId);
        Assert.Equal(record.Model, read.Model);
        Assert.Equal(record.Outcome, read.Outcome);
        Assert.Equal(record.Dimensions, read.Dimensions);
        var expected = new ResultRecord
        {
            RecordId = record.RecordId,
            Model = record.Model,
            Outcome = record.Outcome,
            Dimensions = record.Dimensions,
        };
        ParquetTestFile.AssertSameRecords([expected], [read]);
    }

    [Fact]
    public void Read_TruncatedFile_ThrowsCorruptSegmentExceptionNamingTheFile()
    {
        var path = Path.Combine(_directory.Path, "truncated.parquet");
        ParquetTestFile.Write(path, TestRecords.Varied(200));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var ex = Assert.Throws<CorruptSegmentException>(() => ParquetTestFile.Read(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("footer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileCutBeforeItsLastByte_ThrowsCorruptSegmentException()
    {
        var path = Path.Combine(_directory.Path, "no-magic.parquet");
        ParquetTestFile.Write(path, TestRecords.Varied(10));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^1]);

        var ex = Assert.Throws<CorruptSegmentException>(() => ParquetTestFile.Read(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyOrForeignFile_ThrowsCorruptSegmentException()
    {
        var empty = Path.Combine(_directory.Path, "empty.parquet");
        File.WriteAllBytes(empty, []);
        var json = Path.Combine(_directory.Path, "json.parquet");
        File.WriteAllText(json, "{\"record_id\":\"x\"}\n");

        Assert.Throws<CorruptSegmentException>(() => ParquetTestFile.Read(empty));
        Assert.Throws<CorruptSegmentException>(() => ParquetTestFile.Read(json));
    }

    [Fact]
    public async Task Read_SchemaWithoutRecordId_ThrowsCorruptSegmentExceptionNamingTheColumn()
    {
        var path = Path.Combine(_directory.Path, "no-id.parquet");
        var model = new DataField<string>(RecordColumns.Model, true);
        await WriteAsync(path, new ParquetSchema(model), async group => await group.WriteAsync(model, ["m"], null));

        var ex = Assert.Throws<CorruptSegmentException>(() => ParquetTestFile.Read(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(RecordColumns.RecordId, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_ColumnOfAnotherType_ThrowsCorruptSegmentExceptionNamingTheColumn()
    {
        var path = Path.Combine(_directory.Path, "bad-type.parquet");
        var id = new DataField<string>(RecordColumns.RecordId, false);
        var turns = new DataField<string>(RecordColumns.Turns, true);
        await WriteAsync(path, new ParquetSchema(id, turns), async group =>
        {
            await group.WriteAsync(id, ["a"], null);
            await group.WriteAsync(turns, ["seven"], null);
        });

        var ex = Assert.Throws<CorruptSegmentException>(() => ParquetTestFile.Read(path));

        Assert.Contains(RecordColumns.Turns, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_FileMissingColumnsEveryWriterWrites_ThrowsCorruptSegmentExceptionNamingThem()
    {
        var path = Path.Combine(_directory.Path, "old.parquet");
        var id = new DataField<string>(RecordColumns.RecordId, false);
        var model = new DataField<string>(RecordColumns.Model, true);
        var turns = new DataField<int?>(RecordColumns.Turns);
        await WriteAsync(path, new ParquetSchema(id, model, turns), async group =>
        {
            await group.WriteAsync(id, ["a", "b"], null);
            await group.WriteAsync(model, ["m1", null!], null);
            await group.WriteAsync<int>(turns, new int?[] { 3, null }, null);
        });

        // Every writer wrote every one of these columns, so their absence is damage (a renamed column),
        // never a reason to read null.
        var ex = Assert.Throws<CorruptSegmentException>(() => ParquetTestFile.Read(path));

        Assert.Contains(RecordColumns.Outcome, ex.Message, StringComparison.Ordinal);
        Assert.Contains(RecordColumns.StartedAt, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(RecordColumns.Model + ",", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_FileWithOnlyIdAndOutcome_ThrowsCorruptSegmentException()
    {
        var path = Path.Combine(_directory.Path, "bad-outcome.parquet");
        var id = new DataField<string>(RecordColumns.RecordId, false);
        var outcome = new DataField<string>(RecordColumns.Outcome, false);
        await WriteAsync(path, new ParquetSchema(id, outcome), async group =>
        {
            await group.WriteAsync(id, ["a"], null);
            await group.WriteAsync(outcome, ["exploded"], null);
        });

        var ex = Assert.Throws<CorruptSegmentException>(() => ParquetTestFile.Read(path));

        Assert.Contains(RecordColumns.RunId, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildRead_OfAResetBuilder_HoldsTheDefaultsOfANewResultRecord()
    {
        var builder = new ResultRecordBuilder(TestRecords.EveryColumnSet());
        builder.SetTestFailure("System.InvalidOperationException", "not reached");
        builder.SetCountedUsage(10, 20, [KeyValuePair.Create("latency_ms", 12.5)]);
        builder.SetInfrastructureFailure(ErrorCategory.RateLimited, "429");

        var blank = builder.Reset().BuildRead();

        Assert.Equal(ParquetTestFile.Json(new ResultRecord()), ParquetTestFile.Json(blank));
    }

    [Fact]
    public void Read_AbandonedAfterTheFirstRecord_ReleasesTheFile()
    {
        var path = Path.Combine(_directory.Path, "abandoned.parquet");
        ParquetTestFile.Write(path, TestRecords.Varied(300), rowGroupSize: 100);

        var first = new ParquetSegmentReader().Read(path, RecordProjection.All, _ => { }).First();
        File.Delete(path);

        Assert.False(string.IsNullOrEmpty(first.RecordId));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Read_EnumeratedTwice_ReadsTheFileAgain()
    {
        var path = Path.Combine(_directory.Path, "twice.parquet");
        ParquetTestFile.Write(path, TestRecords.Varied(5));
        var records = new ParquetSegmentReader().Read(path, RecordProjection.Of(RecordColumns.Model), _ => { });

        Assert.Equal(records.Select(r => r.RecordId).ToList(), records.Select(r => r.RecordId).ToList());
    }

    [Fact]
    public void Read_RowGroupsOfDifferentLengthsAndNulls_ReadsEveryRowAsWrittenWithNoValueOfAnEarlierRowGroup()
    {
        // Row groups of 3, 3, 3 and 2 rows: the third is decoded into the arrays of the first, the fourth into those of
        // the second, so a null of a later row group sits where an earlier one held a value, and the last row group is
        // shorter than the arrays it is decoded into.
        var path = Path.Combine(_directory.Path, "reused.parquet");
        var varied = TestRecords.Varied(5, seed: 11);
        var empty = new ResultRecord { RecordId = "0193a1b2-c3d4-7e5f-8a9b-000000000002", Outcome = TestOutcome.Passed, Dimensions = [], Metrics = [], Traits = [] };
        List<ResultRecord> records =
        [
            TestRecords.EveryColumnSet(), TestRecords.EveryColumnSet(), TestRecords.EveryColumnSet(),
            varied[0], varied[1], varied[2],
            TestRecords.EveryNullableColumnNull(), empty, varied[3],
            TestRecords.EveryNullableColumnNull(), varied[4],
        ];
        ParquetTestFile.Write(path, records, rowGroupSize: 3);

        ParquetTestFile.AssertSameRecords(records, ParquetTestFile.Read(path));
        Assert.Equal(records.Select(r => r.RecordId), ParquetSegmentReader.RecordIds(path).Select(id => id.Key));
    }

    [Fact]
    public void RecordIds_OfUuidsInEitherCaseAndOtherIds_ParsesEachAsTheConflictPlanComparesIds()
    {
        var path = Path.Combine(_directory.Path, "ids.parquet");
        List<ResultRecord> records =
        [
            new() { RecordId = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", Outcome = TestOutcome.Passed },
            new() { RecordId = "0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5C", Outcome = TestOutcome.Failed },
            new() { RecordId = "legacy-run-7-row-3", Outcome = TestOutcome.Skipped },

            // 36 bytes of UTF-8 that are 35 characters, and 36 characters that are not a UUID.
            new() { RecordId = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4aé", Outcome = TestOutcome.Passed },
            new() { RecordId = "импорт-2026-12-07-строка-0000000001", Outcome = TestOutcome.Passed },
        ];
        ParquetTestFile.Write(path, records, rowGroupSize: 2);

        var ids = ParquetSegmentReader.RecordIds(path).ToList();

        Assert.Equal([true, true, false, false, false], ids.Select(id => id.IsUuid));
        Assert.Equal(Guid.Parse("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c"), ids[1].Uuid);
        Assert.Equal("legacy-run-7-row-3", ids[2].Other);
        Assert.Equal(
            ["0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c", "legacy-run-7-row-3", "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4aé", "импорт-2026-12-07-строка-0000000001"],
            ids.Select(id => id.Key));
    }

    private static async Task WriteAsync(string path, ParquetSchema schema, Func<ParquetRowGroupWriter, Task> writeColumns)
    {
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        using var group = writer.CreateRowGroup();
        await writeColumns(group);
        group.CompleteValidate();
    }
}
