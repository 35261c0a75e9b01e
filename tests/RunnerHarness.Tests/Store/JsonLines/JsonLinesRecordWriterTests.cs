using System.Buffers;
using System.Text;
using System.Text.Json;
using RunnerHarness.Schema;
using RunnerHarness.Store.JsonLines;

namespace RunnerHarness.Tests.Store.JsonLines;

/// <summary>
/// The JSON line a record is logged and sealed as is written by the straight-line writer generated from the column
/// declarations (<see cref="JsonLinesRecordWriter"/>), not by the serializer: it must be the serializer's line byte for
/// byte, or files and logs written before and after would differ for the same record, and a column the generator
/// dropped, reordered or spelled otherwise would go unnoticed.
/// </summary>
public sealed class JsonLinesRecordWriterTests
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true };

    public static TheoryData<string> Records => [.. EdgeRecords().Keys];

    [Theory]
    [MemberData(nameof(Records))]
    public void Write_IsTheSerializersObjectByteForByte(string description) => AssertSerializersBytes(description, EdgeRecords()[description]);

    [Fact]
    public void Write_OfEveryEnumValue_IsTheSerializersObjectByteForByte()
    {
        // Every member, null, and values without a member (which the enum converter writes as numbers).
        TestOutcome[] outcomes = [.. Enum.GetValues<TestOutcome>(), (TestOutcome)7, (TestOutcome)(-1)];
        SuccessLevel?[] levels = [null, .. Enum.GetValues<SuccessLevel>().Select(l => (SuccessLevel?)l), (SuccessLevel)3, (SuccessLevel)int.MinValue];
        foreach (var outcome in outcomes)
        {
            foreach (var level in levels)
            {
                AssertSerializersBytes($"{outcome} {level}", new ResultRecordBuilder(TestRecords.EveryColumnSet()) { Outcome = outcome, SuccessLevel = level }.Build());
            }
        }
    }

    [Fact]
    public void Write_OfVariedRecords_IsTheSerializersObjectByteForByte()
    {
        foreach (var record in TestRecords.Varied(2_000, seed: 25))
        {
            AssertSerializersBytes(record.RecordId, record);
        }
    }

    [Fact]
    public void WriteLine_IsTheSerializersObjectAndANewline()
    {
        var record = TestRecords.EveryColumnSet();
        var line = new ArrayBufferWriter<byte>();
        JsonLinesRecordCodec.WriteLine(record, line);
        Assert.Equal(Encoding.UTF8.GetString(Serialized(record)) + "\n", Encoding.UTF8.GetString(line.WrittenSpan));
    }

    private static void AssertSerializersBytes(string description, ResultRecord record)
    {
        var generated = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(generated, WriterOptions))
        {
            JsonLinesRecordWriter.Write(writer, record);
        }

        var serialized = Serialized(record);
        Assert.True(
            generated.WrittenSpan.SequenceEqual(serialized),
            $"{description}:\ngenerated:  {Encoding.UTF8.GetString(generated.WrittenSpan)}\nserializer: {Encoding.UTF8.GetString(serialized)}");
    }

    private static byte[] Serialized(ResultRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            JsonSerializer.Serialize(writer, record, RecordJsonContext.Default.ResultRecord);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static Dictionary<string, ResultRecord> EdgeRecords()
    {
        var full = TestRecords.EveryColumnSet();
        var india = new DateTimeOffset(2026, 11, 27, 7, 36, 7, TimeSpan.FromHours(5.5)).AddTicks(1_234_567);
        var pacific = new DateTimeOffset(2026, 11, 26, 18, 6, 9, TimeSpan.FromHours(-8)).AddTicks(7_654_321);
        var controls = string.Concat(Enumerable.Range(0, 32).Select(c => (char)c)) + "\u007f\u0085\u00a0\u2028\u2029\ufeff";
        return new(StringComparer.Ordinal)
        {
            ["every column set"] = full,
            ["every nullable column null"] = TestRecords.EveryNullableColumnNull(),
            ["a long transcript in output, error and a dimension"] = TestRecords.WithLongText(2),
            ["format 1 columns only"] = TestRecords.AsWrittenByFormat1(full),
            ["named literals, escapes and enum spellings"] = new ResultRecordBuilder(full)
            {
                Outcome = TestOutcome.Skipped,
                SuccessLevel = SuccessLevel.PartialSuccess,
                WorkflowScore = double.NaN,
                FinalScore = double.PositiveInfinity,
                QualityScore = double.NegativeInfinity,
                DurationMs = 1e-7,
                Output = "line one\nline two\t\"quoted\" <tag> & 'apostrophe' + \\ / \u0001 \u2028 日本語 🚀",
                Metrics = new(StringComparer.Ordinal)
                {
                    ["judge_latency_ms"] = 812.5, ["nan"] = double.NaN, ["inf"] = double.PositiveInfinity, ["neg_inf"] = double.NegativeInfinity,
                    ["ключ \"q\""] = 1e300, ["negative_zero"] = -0.0,
                },
                Dimensions = new(StringComparer.Ordinal) { ["temperature"] = "0.7", ["note <b>"] = "ü & \"x\"" },
                Traits = new(StringComparer.Ordinal) { ["category"] = "tool-use,regression" },
            }.Build(),
            ["negative zero, the smallest and largest doubles"] = new ResultRecordBuilder(full)
            {
                DurationMs = -0.0, ToolSuccessRate = double.Epsilon, WorkflowScore = double.MaxValue, Phase2Score = double.MinValue,
                QualityScore = 0.1 + 0.2, FinalScore = 1.0 / 3.0, ToolCoverageRate = -double.Epsilon, CostUsd = 1.7976931348623157e-300,
            }.Build(),
            ["control characters and separators in every text"] = new ResultRecordBuilder(full)
            {
                RunId = controls, DisplayName = "Completes_task(prompt: \"" + controls + "\")", ErrorMessage = controls, Output = controls,
                Dimensions = new(StringComparer.Ordinal) { [controls] = controls }, Traits = new(StringComparer.Ordinal) { ["Category"] = controls },
            }.Build(),
            ["empty strings and maps"] = new ResultRecordBuilder(full)
            {
                RecordId = string.Empty, RunId = string.Empty, CaseKey = string.Empty, Model = string.Empty, Output = string.Empty, ErrorMessage = string.Empty,
                Dimensions = new(StringComparer.Ordinal), Metrics = new(StringComparer.Ordinal), Traits = new(StringComparer.Ordinal),
            }.Build(),
            ["theory arguments as dimensions, with a null value"] = new ResultRecordBuilder(full)
            {
                Dimensions = new(StringComparer.Ordinal)
                {
                    ["arg0"] = "42", ["input"] = "{\"city\":\"Zürich\",\"units\":[\"km\",\"mi\"]}", ["expected"] = "C:\\data\\out.csv", ["nothing"] = null!,
                },
            }.Build(),
            ["largest and smallest counts"] = new ResultRecordBuilder(full)
            {
                InputTokens = long.MaxValue, OutputTokens = long.MinValue, Turns = int.MaxValue, ToolCalls = int.MinValue, Attempt = 0, ProcessId = -1,
                SampleIndex = int.MaxValue, FormatVersion = int.MinValue,
            }.Build(),
            ["timestamps given with offsets, local and unspecified"] = new ResultRecordBuilder(full)
            {
                StartedAt = india.LocalDateTime, FinishedAt = DateTime.SpecifyKind(pacific.DateTime, DateTimeKind.Unspecified),
            }.Build(),
            ["the first and last instants"] = new ResultRecordBuilder(full) { StartedAt = DateTime.MinValue, FinishedAt = DateTime.MaxValue }.Build(),
            ["reconstructed"] = new ResultRecordBuilder(full) { Reconstructed = true, Outcome = TestOutcome.Passed, SuccessLevel = SuccessLevel.FullSuccess }.Build(),
        };
    }
}
