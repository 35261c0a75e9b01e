using RunnerHarness.Schema;
using RunnerHarness.Store.Parquet;
using Xunit;

namespace RunnerHarness.Tests.Store.Parquet;

public sealed class ParquetSegmentRoundTripTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void RoundTrip_EveryColumnSet_ReadsIdenticalRecord()
    {
        var path = Path.Combine(_directory.Path, "all.parquet");
        var record = TestRecords.EveryColumnSet();
        ParquetTestFile.Write(path, [record]);

        var read = Assert.Single(ParquetTestFile.Read(path));

        ParquetTestFile.AssertSameRecords([record], [read]);
        Assert.Equal(DateTimeKind.Utc, read.StartedAt!.Value.Kind);
        Assert.Equal(record.StartedAt!.Value.Ticks, read.StartedAt.Value.Ticks);
        Assert.Equal(record.FinishedAt!.Value.Ticks, read.FinishedAt!.Value.Ticks);
        Assert.Equal(record.Dimensions!.ToList(), read.Dimensions!.ToList());
        Assert.Equal(record.Metrics!.ToList(), read.Metrics!.ToList());
    }

    [Fact]
    public void RoundTrip_EveryNullableColumnNull_ReadsNulls()
    {
        var path = Path.Combine(_directory.Path, "nulls.parquet");
        var record = TestRecords.EveryNullableColumnNull();
        ParquetTestFile.Write(path, [record]);

        var read = Assert.Single(ParquetTestFile.Read(path));

        ParquetTestFile.AssertSameRecords([record], [read]);
        Assert.Null(read.StartedAt);
        Assert.Null(read.Dimensions);
        Assert.Null(read.Metrics);
        Assert.Null(read.Traits);
        Assert.Null(read.SuccessLevel);
        Assert.Equal(TestOutcome.Skipped, read.Outcome);
    }

    [Fact]
    public void RoundTrip_MapsNullEmptyAndWithEntries_KeepsThemApart()
    {
        var path = Path.Combine(_directory.Path, "maps.parquet");
        var records = new List<ResultRecord>
        {
            new() { Dimensions = null, Metrics = [], Traits = new() { ["a"] = "1" } },
            new() { Dimensions = [], Metrics = null, Traits = null },
            new() { Dimensions = new() { ["k"] = "v", ["null-value"] = null!, ["z"] = "" }, Metrics = new() { ["m"] = 1.5, ["nan"] = double.NaN }, Traits = [] },
            new() { Dimensions = null, Metrics = null, Traits = null },
        };
        ParquetTestFile.Write(path, records);

        var read = ParquetTestFile.Read(path);

        Assert.Null(read[0].Dimensions);
        Assert.NotNull(read[0].Metrics);
        Assert.Empty(read[0].Metrics!);
        Assert.Equal([new("a", "1")], read[0].Traits!.ToList());
        Assert.NotNull(read[1].Dimensions);
        Assert.Empty(read[1].Dimensions!);
        Assert.Null(read[1].Metrics);
        Assert.Equal(["k", "null-value", "z"], read[2].Dimensions!.Keys);
        Assert.Null(read[2].Dimensions!["null-value"]);
        Assert.Equal("", read[2].Dimensions!["z"]);
        Assert.True(double.IsNaN(read[2].Metrics!["nan"]));
        Assert.Empty(read[2].Traits!);
        Assert.Null(read[3].Dimensions);
        ParquetTestFile.AssertSameRecords(records, read);
    }

    [Fact]
    public void RoundTrip_UnicodeStrings_ReadsIdenticalStrings()
    {
        var path = Path.Combine(_directory.Path, "unicode.parquet");
        string[] texts = ["日本語のテスト", "emoji 🚀🧪 and combining é", "Ελληνικά / עברית / العربية", "nul \0 inside", ""];
        var records = texts.Select(t => new ResultRecord { Model = t, ErrorMessage = t, Dimensions = new() { [t + "k"] = t } }).ToList();
        ParquetTestFile.Write(path, records);

        var read = ParquetTestFile.Read(path);

        Assert.Equal(texts, read.Select(r => r.Model));
        Assert.Equal(texts, read.Select(r => r.ErrorMessage));
        ParquetTestFile.AssertSameRecords(records, read);
    }

    [Fact]
    public void RoundTrip_VariedRecordsOverSeveralRowGroups_ReadsIdenticalRecordsInOrder()
    {
        var path = Path.Combine(_directory.Path, "varied.parquet");
        var records = TestRecords.Varied(1_000);
        ParquetTestFile.Write(path, records, rowGroupSize: 128);

        var read = ParquetTestFile.Read(path);

        ParquetTestFile.AssertSameRecords(records, read);
    }

    [Fact]
    public void RoundTrip_LocalTimestamp_IsStoredAsTheSameUtcInstant()
    {
        var path = Path.Combine(_directory.Path, "local.parquet");
        var local = new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Local);
        ParquetTestFile.Write(path, [new ResultRecord { StartedAt = local }]);

        var read = Assert.Single(ParquetTestFile.Read(path));

        Assert.Equal(local.ToUniversalTime(), read.StartedAt);
        Assert.Equal(DateTimeKind.Utc, read.StartedAt!.Value.Kind);
    }

    [Fact]
    public void RoundTrip_SubMicrosecondTicks_AreTruncatedToTheMicrosecond()
    {
        var path = Path.Combine(_directory.Path, "ticks.parquet");
        var at = new DateTime(2026, 11, 27, 2, 0, 0, DateTimeKind.Utc).AddTicks(1_234_567);
        ParquetTestFile.Write(path, [new ResultRecord { StartedAt = at }]);

        var read = Assert.Single(ParquetTestFile.Read(path));

        Assert.Equal(at.AddTicks(-7), read.StartedAt);
    }

    [Fact]
    public void RoundTrip_ExtremeTimestamps_ReadBackUnchanged()
    {
        var path = Path.Combine(_directory.Path, "extremes.parquet");
        var max = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc).AddTicks(-9);
        ParquetTestFile.Write(path, [new ResultRecord { StartedAt = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), FinishedAt = max }]);

        var read = Assert.Single(ParquetTestFile.Read(path));

        Assert.Equal(DateTime.MinValue, read.StartedAt);
        Assert.Equal(max, read.FinishedAt);
    }

    [Fact]
    public async Task Write_RepeatedStringColumns_AreDictionaryEncodedAndUniqueIdsPlain()
    {
        var path = Path.Combine(_directory.Path, "encodings.parquet");
        ParquetTestFile.Write(path, TestRecords.Varied(2_000));

        var reader = await global::Parquet.ParquetReader.CreateAsync(path);
        await using (reader)
        {
            var columns = reader.Metadata!.RowGroups[0].Columns.ToDictionary(c => string.Join('.', c.MetaData!.PathInSchema));

            Assert.Contains(global::Parquet.Meta.Encoding.PLAIN_DICTIONARY, columns[RecordColumns.Model].MetaData!.Encodings);
            Assert.Contains(global::Parquet.Meta.Encoding.PLAIN_DICTIONARY, columns[RecordColumns.PromptType].MetaData!.Encodings);
            Assert.Contains(global::Parquet.Meta.Encoding.PLAIN_DICTIONARY, columns["dimensions.key_value.key"].MetaData!.Encodings);
            Assert.DoesNotContain(global::Parquet.Meta.Encoding.PLAIN_DICTIONARY, columns[RecordColumns.RecordId].MetaData!.Encodings);
            Assert.Equal(global::Parquet.Meta.CompressionCodec.ZSTD, columns[RecordColumns.Model].MetaData!.Codec);
        }
    }

    [Fact]
    public void Write_NoRecords_WritesAFileThatReadsEmpty()
    {
        var path = Path.Combine(_directory.Path, "empty.parquet");
        ParquetTestFile.Write(path, []);

        Assert.Empty(ParquetTestFile.Read(path));
    }

    [Fact]
    public void Write_RecordWithoutRecordId_Throws()
    {
        using var stream = new MemoryStream();

        Assert.Throws<ArgumentException>(() => new ParquetSegmentWriter().Write([new ResultRecord { RecordId = null! }], stream));
    }

    [Fact]
    public void Write_AfterWriting_LeavesTheStreamOpenForTheCaller()
    {
        using var stream = new MemoryStream();

        new ParquetSegmentWriter().Write(TestRecords.Varied(3), stream);

        Assert.True(stream.CanWrite);
        Assert.True(stream.Length > 0);
    }
}
