using System.Text.Json.Nodes;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Tests.Store.Parquet;

namespace RunnerHarness.Tests.Store.Integrity;

/// <summary>
/// Issue 20, finding 2: a checksummed file of a newer writer (a higher <c>format_version</c>, columns this version does
/// not know) must never be rewritten by this version, which would drop what it cannot read. Compaction keeps it in
/// place, byte for byte, and names it; a migration refuses before changing anything, naming it and its version.
/// </summary>
public sealed class NewerWriterRewriteTests : IDisposable
{
    // A format this version does not write yet (format 2, with model_id, response_model and cost_usd, is this version's).
    private const int NewerFormat = ResultRecord.CurrentFormatVersion + 1;

    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;

    public NewerWriterRewriteTests() => _layout = new StoreLayout(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Compact_ChecksummedFileOfANewerWriter_KeepsItByteForByteAndNamesIt()
    {
        Write("run-20261204-0001", 20, seed: 1);
        Write("run-20261204-0002", 20, seed: 2);
        var newer = SealNewerFile("run-20261205-0001", 12);
        var bytes = File.ReadAllBytes(newer);

        var result = new StoreCompactor(_layout, SampleHoldings.Rule).Compact();

        Assert.True(File.Exists(newer), $"{newer} was removed: its time_to_first_token_ms and judge_verdict columns are gone");
        Assert.Equal(bytes, File.ReadAllBytes(newer));
        Assert.Contains(newer, result.FilesKept);
        var problem = Assert.Single(result.Problems, p => p.Kind == StoreProblemKind.NewerFormatFile);
        Assert.Equal(_layout.Relative(newer), problem.Path);
        Assert.Contains($"format {NewerFormat}", problem.Message, StringComparison.Ordinal);
        Assert.Contains("time_to_first_token_ms", problem.Message, StringComparison.Ordinal);
        Assert.Equal(52, new StoreReader(_layout).Read().Count());
    }

    [Theory]
    [InlineData(StorageFormat.Parquet)]
    [InlineData(StorageFormat.Json)]
    public void Compact_FilesOfThisVersionsFormatWithProvenanceAndCost_AreMergedWithEveryValue(StorageFormat format)
    {
        // Format 2 is this version's own: its files are rewritten like any other, never kept as a newer writer's.
        var records = new[] { TestRecords.EveryColumnSet() }.Concat(TestRecords.Varied(19, seed: 3).Select((r, i) => new ResultRecordBuilder(r)
        {
            ModelId = r.Model + "-2024-07-18",
            ResponseModel = i % 4 == 0 ? null : r.Model + "-2024-07-18",
            CostUsd = i % 5 == 0 ? null : 0.0002 * (i + 1),
        }.Build())).ToList();
        foreach (var (runId, part) in new[] { ("run-20261206-0001", records[..10]), ("run-20261206-0002", records[10..]) })
        {
            using var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, format, runId);
            foreach (var record in part)
            {
                writer.Append(record);
            }
        }

        var before = _layout.DataFiles().ToList();

        var result = new StoreCompactor(_layout, SampleHoldings.Rule).Compact();

        Assert.DoesNotContain(result.Problems, p => p.Kind == StoreProblemKind.NewerFormatFile);
        Assert.Empty(result.FilesKept);
        Assert.All(before, f => Assert.False(File.Exists(f), $"{f} was kept, not merged"));
        var read = new StoreReader(_layout).Read().OrderBy(r => r.RecordId, StringComparer.Ordinal).ToList();
        ParquetTestFile.AssertSameRecords([.. records.OrderBy(r => r.RecordId, StringComparer.Ordinal)], read);
        Assert.All(read, r => Assert.Equal(ResultRecord.CurrentFormatVersion, r.FormatVersion));
    }

    [Theory]
    [InlineData(StorageFormat.Parquet)]
    [InlineData(StorageFormat.Json)]
    public void Migrate_StoreWithAFileOfANewerWriter_RefusesNamingItAndChangesNothing(StorageFormat target)
    {
        Write("run-20261204-0001", 20, seed: 1);
        var newer = SealNewerFile("run-20261205-0001", 12);
        var before = StoreFiles.Snapshot(_layout.DataDirectory);

        var refusal = Assert.Throws<StoreMigrationException>(() => new StoreMigrator(_layout, SampleHoldings.Rule).Migrate(target));

        Assert.Contains(_layout.Relative(newer), refusal.Message, StringComparison.Ordinal);
        Assert.Contains($"format {NewerFormat}", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(before, StoreFiles.Snapshot(_layout.DataDirectory));
    }

    [Fact]
    public void Migrate_ParquetFileWithAColumnThisVersionDoesNotKnow_Refuses()
    {
        Write("run-20261204-0001", 20, seed: 1);
        var records = TestRecords.Varied(10, seed: 12);
        var source = Path.Combine(_directory.Path, "source.parquet");
        ParquetTestFile.Write(source, records);
        var unsealed = Path.Combine(_directory.Path, "newer.parquet");
        DuckDbSql.Execute($"COPY (SELECT *, 812.5 AS time_to_first_token_ms FROM read_parquet('{source}')) TO '{unsealed}' (FORMAT parquet)");
        var folder = _layout.RunDirectory("run-20261205-0002");
        Directory.CreateDirectory(folder);
        var newer = Path.Combine(folder, SegmentChecksum.NameFor("ci-linux-2-4711-20261205T101500-0000", unsealed, ".parquet"));
        File.Move(unsealed, newer);

        var refusal = Assert.Throws<StoreMigrationException>(() => new StoreMigrator(_layout, SampleHoldings.Rule).Migrate(StorageFormat.Json));

        Assert.Contains(_layout.Relative(newer), refusal.Message, StringComparison.Ordinal);
        Assert.Contains("time_to_first_token_ms", refusal.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(newer));
    }

    [Fact]
    public void Compact_ParquetFileWithOneRecordOfANewerFormat_IsKeptNamingTheFormat()
    {
        // Only the last row of the file is a newer writer's: the check reads every row's format_version, not the first.
        // Another Parquet file of this version's makes the Parquet files a group to merge, not one left as it is. Record i
        // of TestRecords has the same id whatever the seed, so each file takes its own range.
        Write("run-20261204-0001", 20, seed: 1);
        using (var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Parquet, "run-20261204-0002"))
        {
            foreach (var record in TestRecords.Varied(28, seed: 14)[20..])
            {
                writer.Append(record);
            }
        }

        var records = TestRecords.Varied(38, seed: 13)[28..];
        var source = Path.Combine(_directory.Path, "source.parquet");
        ParquetTestFile.Write(source, records);
        var unsealed = Path.Combine(_directory.Path, "newer.parquet");
        DuckDbSql.Execute(
            $"COPY (SELECT * REPLACE (CASE WHEN record_id = '{records[^1].RecordId}' THEN CAST({NewerFormat} AS INTEGER) ELSE format_version END AS format_version) " +
            $"FROM read_parquet('{source}')) TO '{unsealed}' (FORMAT parquet)");
        var folder = _layout.RunDirectory("run-20261205-0004");
        Directory.CreateDirectory(folder);
        var newer = Path.Combine(folder, SegmentChecksum.NameFor("ci-linux-2-4711-20261205T101500-0000", unsealed, ".parquet"));
        File.Move(unsealed, newer);

        var result = new StoreCompactor(_layout, SampleHoldings.Rule).Compact();

        var problem = Assert.Single(result.Problems, p => p.Kind == StoreProblemKind.NewerFormatFile);
        Assert.Equal(_layout.Relative(newer), problem.Path);
        Assert.Contains($"records of format {NewerFormat}", problem.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(newer));
        Assert.Equal(38, new StoreReader(_layout).Read().Count());
    }

    [Fact]
    public void SealOrphanedLogs_LogOfANewerWriter_IsLeftInPlaceAndNamed()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_layout.WriteAheadLogDirectory, "run-20261205-0003")).FullName;
        var log = Path.Combine(folder, "ci-linux-2-4711-20261205T101500-0000.jsonl");
        File.Move(SealNewerFile("run-20261205-0003", 6), log);
        var bytes = File.ReadAllBytes(log);

        var problems = LogRecovery.SealOrphanedLogs(_layout, SampleHoldings.Rule, StorageFormat.Parquet);

        Assert.Equal(bytes, File.ReadAllBytes(log));
        var problem = Assert.Single(problems);
        Assert.Equal(StoreProblemKind.NewerFormatFile, problem.Kind);
        Assert.Contains("judge_verdict", problem.Message, StringComparison.Ordinal);
        Assert.Empty(_layout.DataFiles());
    }


    /// <summary>A JSON Lines file a newer writer sealed: every record has time_to_first_token_ms and judge_verdict, and a format_version above this one's.</summary>
    private string SealNewerFile(string runId, int count)
    {
        var lines = TestRecords.Varied(count, seed: 11).Select((r, i) =>
        {
            var line = JsonNode.Parse(ParquetTestFile.Json(r))!.AsObject();
            line[RecordColumns.RunId] = runId;
            line[RecordColumns.FormatVersion] = NewerFormat;
            line["time_to_first_token_ms"] = 412.5 + (i * 3.25);
            line["judge_verdict"] = i % 3 == 0 ? "fail" : "pass";
            return line.ToJsonString();
        });
        var folder = _layout.RunDirectory(runId);
        Directory.CreateDirectory(folder);
        var unsealed = Path.Combine(_directory.Path, "newer.unsealed");
        File.WriteAllLines(unsealed, lines);
        var path = Path.Combine(folder, SegmentChecksum.NameFor("ci-linux-2-4711-20261205T101500-0000", unsealed, ".jsonl"));
        File.Move(unsealed, path);
        return path;
    }

    private void Write(string runId, int count, int seed)
    {
        using var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Json, runId);
        foreach (var record in TestRecords.Varied(count, seed))
        {
            writer.Append(record);
        }
    }
}
