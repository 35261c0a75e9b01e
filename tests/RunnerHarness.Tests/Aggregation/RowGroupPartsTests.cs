using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Parquet;
using RunnerHarness.Tests.Store.Parquet;
using Xunit;

namespace RunnerHarness.Tests.Aggregation;

/// <summary>
/// <see cref="RowGroupParts"/> numbers a row group's rows by their combination of the parts' columns, which the report's
/// fold uses to find a row's groups; these check the numbers against <see cref="RecordParts"/>, the record path's own
/// equality, over real Parquet files as a writer seals them.
/// </summary>
public sealed class RowGroupPartsTests : IDisposable
{
    private static readonly Func<ResultRecord, string?>[] TextParts =
        [r => r.Assembly, r => r.TestClass, r => r.TestMethod, r => r.RunId, r => r.ModelId];

    private static readonly string[] TextColumns =
        [RecordColumns.Assembly, RecordColumns.TestClass, RecordColumns.TestMethod, RecordColumns.RunId, RecordColumns.ModelId];

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Number_RowGroupsWithNullsAndMoreCombinationsThanRows_GivesRowsOneNumberExactlyWhenTheirPartsAreEqual()
    {
        // Every axis, sample indices among them: more combinations than rows, so the numbers are renumbered densely on the way.
        var path = Path.Combine(_directory.Path, "segment.parquet");
        ParquetTestFile.Write(path, Records("run-20261207-0900", 300, uniqueRunIds: false), rowGroupSize: 128);

        var checkedRowGroups = CheckNumbers(path, expectDictionaryEncoded: true);

        Assert.Equal([128, 128, 44], checkedRowGroups);
    }

    [Fact]
    public void Number_RunIdsWrittenPlain_GivesOneNumberOnlyToRowsWithEqualParts()
    {
        // Mostly distinct run ids: the writer leaves the column plain (no dictionary), so equal ids are separate strings,
        // numbered by their instances; a number must still never join rows whose parts differ.
        var path = Path.Combine(_directory.Path, "plain.parquet");
        ParquetTestFile.Write(path, Records("run-20261207-1000", 200, uniqueRunIds: true), rowGroupSize: 100);

        var checkedRowGroups = CheckNumbers(path, expectDictionaryEncoded: false);

        Assert.Equal([100, 100], checkedRowGroups);
    }

    // Checks each row group's numbers against RecordParts: one number, equal parts; and, when every text part column was
    // dictionary-encoded, equal parts, one number. Returns the row groups' row counts.
    private static List<int> CheckNumbers(string path, bool expectDictionaryEncoded)
    {
        var numbering = new RowGroupParts(TextColumns, RecordAxes.All);
        var parts = new RecordParts(TextParts, RecordAxes.All);
        var rowCounts = new List<int>();
        foreach (var rowGroup in ParquetSegmentReader.RowGroups(path, RecordProjection.All))
        {
            var count = numbering.Number(rowGroup);
            Assert.InRange(count, 1, 2 * rowGroup.RowCount);
            var dictionaryEncoded = TextColumns.All(c => rowGroup.TextValues(c)?.DictionaryEntries is not null);
            Assert.Equal(expectDictionaryEncoded, dictionaryEncoded);
            var partsOfNumber = new Dictionary<int, RecordParts>();
            var numberOfParts = new Dictionary<RecordParts, int>();
            for (var row = 0; row < rowGroup.RowCount; row++)
            {
                var number = numbering.CombinationOf(row);
                Assert.InRange(number, 0, count - 1);
                parts.Fill(rowGroup.Record(row));
                if (partsOfNumber.TryGetValue(number, out var earlier))
                {
                    Assert.True(earlier.Equals(parts), $"row {row} has number {number} but other parts than an earlier row of that number");
                }
                else
                {
                    partsOfNumber.Add(number, parts.Copy());
                }

                if (dictionaryEncoded && !numberOfParts.TryAdd(parts.Copy(), number))
                {
                    Assert.Equal(numberOfParts[parts], number);
                }
            }

            // Rows share combinations, so the test would notice numbers that were simply row indices.
            Assert.True(!dictionaryEncoded || partsOfNumber.Count < rowGroup.RowCount, $"{partsOfNumber.Count} numbers for {rowGroup.RowCount} rows");
            rowCounts.Add(rowGroup.RowCount);
        }

        return rowCounts;
    }

    private static List<ResultRecord> Records(string run, int count, bool uniqueRunIds)
    {
        string[] models = ["gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet"];
        string[] difficulties = ["easy", "medium", "hard"];
        var random = new Random(17);
        var start = new DateTime(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc);
        var records = new List<ResultRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var model = models[random.Next(models.Length)];
            records.Add(new ResultRecordBuilder
            {
                RecordId = ResultRecord.NewRecordId(),
                // One run id in ten repeats, too few for the writer's dictionary (at most 80% distinct) when the rest are unique.
                RunId = uniqueRunIds && i % 10 != 0 ? $"{run}-retry-{i:D3}" : run,
                Assembly = "QaBench.Tests",
                TestClass = "QaBench.Tests.ToolUseBench",
                TestMethod = "AnswersWithTools",
                Outcome = TestOutcome.Passed,
                FinishedAt = start.AddSeconds(i * 4.1),
                Model = model,
                ModelId = model == "gpt-4o" ? (i % 2 == 0 ? "gpt-4o-2024-08-06" : null) : model,
                Provider = model.StartsWith("gpt", StringComparison.Ordinal) ? "openai" : "anthropic",
                PromptType = random.Next(2) == 0 ? "zero_shot" : "flawed_vague",
                Difficulty = random.Next(8) == 0 ? null : difficulties[random.Next(difficulties.Length)],
                TaskType = "lookup",
                ToolSuccessRate = random.Next(10) == 0 ? null : 0.5,
                SampleIndex = random.Next(2),
                Item = i % 25 == 3 ? "q-0003" : null,
                ItemHash = i % 25 == 3 ? "1a2b3c4d5e6f" : null,
            }.Build());
        }

        return records;
    }
}
