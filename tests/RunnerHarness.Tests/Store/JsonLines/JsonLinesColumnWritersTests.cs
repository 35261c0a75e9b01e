using System.Buffers;
using System.Text;
using System.Text.Json;
using RunnerHarness.Schema;
using RunnerHarness.Store.JsonLines;

namespace RunnerHarness.Tests.Store.JsonLines;

/// <summary>
/// The JSON line a record is logged and sealed as is written column by column (<see cref="JsonLinesColumnWriters"/>), not
/// through the serializer's metadata path: it must be the serializer's line byte for byte, or files and logs written
/// before and after would differ for the same record.
/// </summary>
public sealed class JsonLinesColumnWritersTests
{
    public static TheoryData<string> Records => ["every column set", "every nullable column null", "long text", "named literals, escapes and enum spellings"];

    private static ResultRecord Record(string description) => description switch
    {
        "every column set" => TestRecords.EveryColumnSet(),
        "every nullable column null" => TestRecords.EveryNullableColumnNull(),
        "long text" => TestRecords.WithLongText(2),
        _ => new ResultRecordBuilder(TestRecords.EveryColumnSet())
            {
                Outcome = TestOutcome.Skipped,
                SuccessLevel = SuccessLevel.PartialSuccess,
                WorkflowScore = double.NaN,
                FinalScore = double.PositiveInfinity,
                QualityScore = double.NegativeInfinity,
                Phase2Score = -0.0,
                DurationMs = 1e-7,
                Output = "line one\nline two\t\"quoted\" <tag> & 'apostrophe' \\ \u0001 \u2028 日本語 🚀",
                Metrics = new Dictionary<string, double>(StringComparer.Ordinal)
                {
                    ["judge_latency_ms"] = 812.5, ["nan"] = double.NaN, ["inf"] = double.PositiveInfinity, ["neg_inf"] = double.NegativeInfinity, ["ключ \"q\""] = 1e300,
                },
                Dimensions = new Dictionary<string, string>(StringComparer.Ordinal) { ["temperature"] = "0.7", ["note <b>"] = "ü & \"x\"" },
                Traits = new Dictionary<string, string>(StringComparer.Ordinal) { ["category"] = "tool-use,regression" },
            }.Build(),
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void WriteLine_IsTheSerializersLineByteForByte(string description)
    {
        var record = Record(description);
        var buffer = new ArrayBufferWriter<byte>();
        JsonLinesRecordCodec.WriteLine(record, buffer);

        var serializers = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(serializers, new JsonWriterOptions { Indented = false, SkipValidation = true }))
        {
            JsonSerializer.Serialize(writer, record, RecordJsonContext.Default.ResultRecord);
        }

        serializers.Write("\n"u8);
        Assert.True(
            buffer.WrittenSpan.SequenceEqual(serializers.WrittenSpan),
            $"{description}:\ncolumns:    {Encoding.UTF8.GetString(buffer.WrittenSpan)}serializer: {Encoding.UTF8.GetString(serializers.WrittenSpan)}");
    }

    [Fact]
    public void WriteLine_OfVariedRecords_IsTheSerializersLineByteForByte()
    {
        foreach (var record in TestRecords.Varied(500, seed: 25))
        {
            var buffer = new ArrayBufferWriter<byte>();
            JsonLinesRecordCodec.WriteLine(record, buffer);
            var expected = JsonSerializer.SerializeToUtf8Bytes(record, RecordJsonContext.Default.ResultRecord);
            Assert.Equal(Encoding.UTF8.GetString(expected) + "\n", Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }
}
