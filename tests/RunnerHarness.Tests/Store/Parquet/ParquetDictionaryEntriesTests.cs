using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Parquet;
using Xunit;

namespace RunnerHarness.Tests.Store.Parquet;

/// <summary>
/// A dictionary-encoded text column decodes into one string per distinct value and, a row, the index of its value
/// (<see cref="ParquetTextValues.DictionaryEntries"/>), which compaction and the report's fold number rows by. The decode
/// finds a row's entry by comparing it with the row before, scanning a few entries, or hashing many
/// (<see cref="ParquetDictionaryEntryFinder"/>); these check every row against what was written, over real files whose row
/// groups reuse one decode set after another.
/// </summary>
public sealed class ParquetDictionaryEntriesTests : IDisposable
{
    private static readonly string[] Difficulties = ["easy", "medium", "hard"];

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void TextValues_FewAndManyDistinctValuesInRunsWithNulls_GiveEachRowItsValueAndTheEntryOfThatValue()
    {
        // task_type: 40 distinct values (more than are scanned, so hashed), in runs of one to four rows; difficulty: three
        // values (scanned) and nulls. Three row groups, so the second and third reuse the decode sets of the first two.
        var path = Path.Combine(_directory.Path, "segment.parquet");
        var records = Records(1000);
        ParquetTestFile.Write(path, records, rowGroupSize: 400);

        var offset = 0;
        var rowCounts = new List<int>();
        foreach (var rowGroup in ParquetSegmentReader.RowGroups(path, RecordProjection.All))
        {
            CheckColumn(rowGroup, RecordColumns.TaskType, records, offset, r => r.TaskType);
            CheckColumn(rowGroup, RecordColumns.Difficulty, records, offset, r => r.Difficulty);
            rowCounts.Add(rowGroup.RowCount);
            offset += rowGroup.RowCount;
        }

        Assert.Equal([400, 400, 200], rowCounts);
    }

    // Each row holds the value written, as the instance of its entry; the entries are the row group's distinct values in
    // the order its rows first hold them, each once.
    private static void CheckColumn(ParquetRowGroup rowGroup, string column, List<ResultRecord> records, int offset, Func<ResultRecord, string?> written)
    {
        var text = rowGroup.TextValues(column) ?? throw new InvalidOperationException($"column '{column}' was not decoded");
        var entries = text.DictionaryEntries ?? throw new InvalidOperationException($"column '{column}' was not dictionary-encoded");
        var expectedDistinct = new List<string>();
        for (var row = 0; row < rowGroup.RowCount; row++)
        {
            var expected = written(records[offset + row]);
            Assert.Equal(expected, text.Values[row]);
            if (expected is null)
            {
                continue;
            }

            if (!expectedDistinct.Contains(expected))
            {
                expectedDistinct.Add(expected);
            }

            Assert.True(
                ReferenceEquals(text.Distinct[entries[row]], text.Values[row]),
                $"{column}, row {offset + row} ('{expected}'): entry {entries[row]} is '{text.Distinct[entries[row]]}'");
        }

        Assert.Equal(expectedDistinct, text.Distinct);
    }

    private static List<ResultRecord> Records(int count)
    {
        var random = new Random(25);
        var start = new DateTime(2026, 12, 7, 23, 0, 0, DateTimeKind.Utc);
        var records = new List<ResultRecord>(count);
        var task = "";
        var runLeft = 0;
        for (var i = 0; i < count; i++)
        {
            if (runLeft-- == 0)
            {
                task = $"task_{random.Next(40):D2}_{(random.Next(2) == 0 ? "lookup" : "aggregate")}";
                runLeft = random.Next(4);
            }

            records.Add(new ResultRecordBuilder
            {
                RecordId = ResultRecord.NewRecordId(),
                RunId = "run-20261207-2300",
                Assembly = "QaBench.Tests",
                TestClass = "QaBench.Tests.ToolUseBench",
                TestMethod = "AnswersWithTools",
                Outcome = TestOutcome.Passed,
                FinishedAt = start.AddSeconds(i * 3.7),
                Model = "gpt-4o-mini",
                Provider = "openai",
                PromptType = "zero_shot",
                Difficulty = random.Next(6) == 0 ? null : Difficulties[random.Next(Difficulties.Length)],
                TaskType = task,
                SampleIndex = i % 3,
            }.Build());
        }

        return records;
    }
}
