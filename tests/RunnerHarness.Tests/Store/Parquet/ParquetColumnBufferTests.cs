using System.Globalization;
using System.Runtime.CompilerServices;
using Parquet.Schema;
using RunnerHarness.Schema;
using RunnerHarness.Store.Parquet;
using Xunit;

namespace RunnerHarness.Tests.Store.Parquet;

/// <summary>
/// The writer's compact column buffers (<see cref="ParquetDictionaryStrings"/>, <see cref="ParquetArenaStrings"/>,
/// <see cref="ParquetLevelBuffer"/>): every value comes back exactly as written, across row groups whose buffers are reused,
/// and the buffers keep no record's string alive.
/// </summary>
public sealed class ParquetColumnBufferTests : IDisposable
{
    private static readonly string[] Texts =
    [
        "",
        "gpt-4o-mini",
        "Erwartet: 3 Werkzeugaufrufe; erhalten: 5 — «Überlauf» ✗",
        "模型 ✓ émoji 🚀 e\u0301 \u05e9\u05dc\u05d5\u05dd",
        "line 1\nline 2\twith tab\r\n",
        "\u0000 nul inside",
    ];

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Write_StringsOfEveryKind_ReadBackExactly()
    {
        // Nulls, empty strings, non-ASCII, and lengths either side of the arena's copy limit (a quarter of a 32,768-char
        // chunk) and of the long-value limit (1,024 chars), in repeating columns (dictionary) and unique ones (arena),
        // over row groups of 7 rows so that the buffers are emptied and reused between groups.
        var records = new List<ResultRecord>();
        for (var i = 0; i < 60; i++)
        {
            var text = Texts[i % Texts.Length];
            records.Add(new ResultRecord
            {
                RecordId = i % 10 == 3 ? "" : $"0193a1b2-c3d4-7e5f-8a9b-{i:D12}-{text}",
                Outcome = TestOutcome.Passed,
                Model = i % 5 == 0 ? null : text,
                PromptType = i % 4 == 0 ? "" : $"prompt-{i / 7}",
                DisplayName = $"Run(model: \"{text}\", sample: {i})",
                ErrorMessage = i % 3 == 0 ? null : new string('ж', (i * 97) % 2_000),
                Output = (i % 6) switch
                {
                    0 => null,
                    1 => "",
                    2 => new string('x', 1_024),
                    3 => new string('ü', 1_025),
                    4 => string.Concat(Enumerable.Repeat("🚀 long output ", 600)), // 8,400 chars: kept whole, not copied
                    _ => string.Create(CultureInfo.InvariantCulture, $"{i}: {text}"),
                },
            });
        }

        var read = WriteAndRead(records, rowGroupSize: 7);

        Assert.Equal(records.Count, read.Count);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(records[i].RecordId, read[i].RecordId);
            Assert.Equal(records[i].Model, read[i].Model);
            Assert.Equal(records[i].PromptType, read[i].PromptType);
            Assert.Equal(records[i].DisplayName, read[i].DisplayName);
            Assert.Equal(records[i].ErrorMessage, read[i].ErrorMessage);
            Assert.Equal(records[i].Output, read[i].Output);
        }
    }

    [Fact]
    public void Write_UniqueStringsFillingSeveralArenaChunks_ReadBackExactly()
    {
        // 300 outputs of 1,000 to 8,000 chars: ~1.3 M chars, so values start near every chunk's end and move to the next.
        var records = Enumerable.Range(0, 300).Select(i => new ResultRecord
        {
            RecordId = $"0193a1b2-c3d4-7e5f-8a9b-{i:D12}",
            Outcome = TestOutcome.Failed,
            Output = string.Create(CultureInfo.InvariantCulture, $"{i:D4}|") + new string((char)('a' + (i % 26)), 1_000 + ((i * 7_919) % 7_000)),
        }).ToList();

        var read = WriteAndRead(records, rowGroupSize: 128);

        Assert.Equal(records.Select(r => r.Output), read.Select(r => r.Output));
        Assert.Equal(records.Select(r => r.RecordId), read.Select(r => r.RecordId));
    }

    [Fact]
    public void Write_DoublesAtTheEdges_ReadBackBitForBit()
    {
        double[] edges = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, double.Epsilon, double.MaxValue, double.MinValue, 1.0 / 3.0];
        var records = edges.Select((value, i) => new ResultRecord
        {
            RecordId = $"0193a1b2-c3d4-7e5f-8a9b-{i:D12}",
            Outcome = TestOutcome.Passed,
            DurationMs = value,
            WorkflowScore = i % 2 == 0 ? null : value,
            Metrics = new() { ["edge"] = value, ["latency_p50"] = 812.5 },
        }).ToList();

        var read = WriteAndRead(records, rowGroupSize: 4);

        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(records[i].DurationMs!.Value), BitConverter.DoubleToInt64Bits(read[i].DurationMs!.Value));
            Assert.Equal(Bits(records[i].WorkflowScore), Bits(read[i].WorkflowScore));
            Assert.Equal(BitConverter.DoubleToInt64Bits(records[i].Metrics!["edge"]), BitConverter.DoubleToInt64Bits(read[i].Metrics!["edge"]));
        }
    }

    [Fact]
    public void Write_MapsNullEmptyAndWithNullValues_ReadBackExactlyAcrossRowGroups()
    {
        // Each row group has other keys and values than the one before: indices of one group must not leak into the next.
        var records = Enumerable.Range(0, 40).Select(i => new ResultRecord
        {
            RecordId = $"0193a1b2-c3d4-7e5f-8a9b-{i:D12}",
            Outcome = TestOutcome.Passed,
            Dimensions = (i % 4) switch
            {
                0 => null,
                1 => [],
                2 => new() { [$"group-{i / 6}"] = null!, ["語"] = "値", ["empty"] = "" },
                _ => new() { ["temperature"] = $"0.{i / 6}", [$"seed-{i / 6}"] = new string('s', 1_100) },
            },
            Traits = i % 3 == 0 ? null : new() { ["Category"] = i % 2 == 0 ? "Workflow,Smoke" : "Ünïcode ✓" },
        }).ToList();

        var read = WriteAndRead(records, rowGroupSize: 6);

        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(records[i].Dimensions?.ToList(), read[i].Dimensions?.ToList());
            Assert.Equal(records[i].Traits?.ToList(), read[i].Traits?.ToList());
        }
    }

    [Fact]
    public void Write_EveryColumnSetAndEveryNullableNull_SameRecordsAsWritten()
    {
        List<ResultRecord> records = [TestRecords.EveryColumnSet(), TestRecords.EveryNullableColumnNull(), .. TestRecords.Varied(20)];

        ParquetTestFile.AssertSameRecords(records, WriteAndRead(records, rowGroupSize: 3));
    }

    [Fact]
    public void ArenaStrings_KeepNoRecordStringAlive()
    {
        var field = Attached(new DataField<string>("output", true));
        using var arena = new ParquetArenaStrings(new ParquetStringLeaf(field, Attached(new DataField<byte[]>("output", true))), 4);

        var copied = AddFreshString(arena, 100);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(copied.TryGetTarget(out _), "the arena kept the record's string alive instead of copying its characters");
        Assert.Equal(1, arena.Count);
    }

    [Fact]
    public void DictionaryStrings_KeepOneStringPerDistinctValue()
    {
        var field = Attached(new DataField<string>("model", true));
        using var strings = new ParquetDictionaryStrings(new ParquetStringLeaf(field, Attached(new DataField<byte[]>("model", true))), 4);

        var first = AddFreshString(strings, 12);
        var second = AddFreshString(strings, 12);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.True(first.TryGetTarget(out _), "the first instance of a value is the one kept for it");
        Assert.False(second.TryGetTarget(out _), "a second, equal instance of a value was kept for its row");
        Assert.Equal(2, strings.Count);
    }

    [Fact]
    public void LevelBuffer_WidensEveryLevelAcrossGrowth()
    {
        using var levels = new ParquetLevelBuffer(2);
        for (var i = 0; i < 1_000; i++)
        {
            levels.Add(i % 4);
        }

        var widened = levels.RentWidened();
        try
        {
            Assert.Equal(Enumerable.Range(0, 1_000).Select(i => i % 4), widened.Take(levels.Count));
        }
        finally
        {
            ParquetLevelBuffer.Return(widened);
        }
    }

    // A string made here (not a literal, not interned) whose only reference is the one handed to the buffer.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<string> AddFreshString(ParquetLeafValues<string> values, int length)
    {
        var value = new string('q', length - 1) + length.ToString(CultureInfo.InvariantCulture)[^1..];
        values.Add(value);
        return new WeakReference<string>(value);
    }

    private static long? Bits(double? value) => value is { } number ? BitConverter.DoubleToInt64Bits(number) : null;

    private static DataField Attached(DataField field)
    {
        _ = new ParquetSchema(field);
        return field;
    }

    private List<ResultRecord> WriteAndRead(IReadOnlyList<ResultRecord> records, int rowGroupSize)
    {
        var path = Path.Combine(_directory.Path, $"{Guid.NewGuid():N}.parquet");
        ParquetTestFile.Write(path, records, rowGroupSize);
        return ParquetTestFile.Read(path);
    }
}
