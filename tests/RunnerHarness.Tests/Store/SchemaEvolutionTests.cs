using System.Text.Json;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using RunnerHarness.Tests.Docs;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Tests.Store.Parquet;

namespace RunnerHarness.Tests.Store;

/// <summary>
/// Files of another schema version read as docs/record-schema.md ("Schema evolution") says: files written
/// by the first record format (kept in the repository under Store/Format1, made from <see cref="TestRecords"/>)
/// read with every value, whatever columns the code has gained since; a checksummed file from a newer
/// writer with columns this version does not know reads its known columns unchanged; a file missing a
/// column of format 1 is damage, never nulls.
/// </summary>
public sealed class SchemaEvolutionTests : IDisposable
{
    private static readonly string Format1Folder = RepositoryFolder.PathOf("tests", "RunnerHarness.Tests", "Store", "Format1");

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("*.jsonl")]
    [InlineData("*.parquet")]
    public void Read_FilesWrittenByRecordFormat1_ReadEveryValueAsWritten(string pattern)
    {
        var file = Assert.Single(Directory.GetFiles(Format1Folder, pattern));
        var problems = new List<StoreProblem>();

        var read = SegmentFormats.ReaderFor(file)!.Read(file, RecordProjection.All, problems.Add).ToList();

        Assert.Empty(problems);
        Assert.True(SegmentChecksum.Verify(file), $"{file} no longer matches the checksum in its name");
        ParquetTestFile.AssertSameRecords(Format1Records(), read);
        Assert.All(read, r => Assert.True(
            r.FormatVersion == 1 && r.ModelId is null && r.ResponseModel is null && r.CostUsd is null,
            $"{r.RecordId} should read as format 1 with null format-2 columns"));
    }

    [Fact]
    public void DuckDb_StoreOfFormat1And2Files_ReadsTheProvenanceColumnsAsNullOnlyForFormat1Rows()
    {
        // The querying guide's read (union_by_name) over a store upgraded in place: old files keep 42 columns.
        var data = Directory.CreateDirectory(Path.Combine(_directory.Path, "data")).FullName;
        File.Copy(Assert.Single(Directory.GetFiles(Format1Folder, "*.parquet")), Path.Combine(data, "format-1.parquet"));
        ParquetTestFile.Write(Path.Combine(data, "format-2.parquet"), [TestRecords.EveryColumnSet()]);

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT format_version, count(*), count(model_id), count(response_model), count(cost_usd), max(model_id) " +
            $"FROM read_parquet('{data}/*.parquet', union_by_name = true) GROUP BY format_version ORDER BY format_version";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add($"{reader.GetValue(0)}: {reader.GetValue(1)} rows, {reader.GetValue(2)}/{reader.GetValue(3)}/{reader.GetValue(4)} set, {(reader.IsDBNull(5) ? "-" : reader.GetValue(5))}");
        }

        Assert.Equal([$"1: {Format1Records().Count} rows, 0/0/0 set, -", $"{ResultRecord.CurrentFormatVersion}: 1 rows, 1/1/1 set, gpt-4o-mini"], rows);
    }

    [Fact]
    public void WrittenColumns_Always_IsTheFrozenColumnListOfRecordFormat1()
    {
        // History, not the schema: a column added to ResultRecord later must not join this list, or every
        // file written before it would read as damaged.
        string[] format1 =
        [
            "format_version", "record_id", "run_id", "case_key", "assembly", "test_class", "test_method", "display_name", "outcome",
            "started_at", "finished_at", "duration_ms", "model", "provider", "prompt_type", "difficulty", "task_type",
            "tool_success_rate", "flaw_type", "sample_index", "success_level", "error_category", "error_message", "turns",
            "tool_calls", "workflow_score", "phase2_score", "quality_score", "final_score", "tool_coverage_rate", "input_tokens",
            "output_tokens", "attempt", "host", "process_id", "shard", "dimensions", "metrics", "exception_type", "output", "traits",
            "reconstructed",
        ];

        Assert.Equal(format1, WrittenColumns.Always);
        Assert.All(format1, c => Assert.True(RecordSchema.IsColumn(c), $"{c} left the schema; columns may be added, never removed"));
    }

    [Fact]
    public void Read_ChecksummedJsonLinesFromANewerWriterWithUnknownColumns_ReadsEveryKnownValueUnchanged()
    {
        var records = Format1Records();
        var lines = records.Select(r =>
        {
            var line = JsonNode.Parse(ParquetTestFile.Json(r))!.AsObject();
            line["judge_model"] = "gpt-4o";
            line["judge_scores"] = new JsonObject { ["faithfulness"] = 0.75, ["relevance"] = 1 };
            return line.ToJsonString();
        });
        var file = Sealed("newer", ".jsonl", path => File.WriteAllLines(path, lines));
        var problems = new List<StoreProblem>();

        var read = SegmentFormats.ReaderFor(file)!.Read(file, RecordProjection.All, problems.Add).ToList();

        Assert.Empty(problems);
        ParquetTestFile.AssertSameRecords(records, read);
    }

    [Fact]
    public void Read_ChecksummedParquetFromANewerWriterWithUnknownColumns_ReadsEveryKnownValueUnchanged()
    {
        var records = Format1Records();
        var source = Path.Combine(_directory.Path, "source.parquet");
        ParquetTestFile.Write(source, records);

        // Another writer (DuckDB's) adds columns this version does not know, as a newer harness would.
        var file = Sealed("newer", ".parquet", path => DuckDbSql.Execute(
            $"COPY (SELECT *, 'gpt-4o' AS judge_model, map(['faithfulness'], [0.75]) AS judge_scores FROM read_parquet('{source}')) TO '{path}' (FORMAT parquet)"));
        var problems = new List<StoreProblem>();

        var read = SegmentFormats.ReaderFor(file)!.Read(file, RecordProjection.All, problems.Add).ToList();

        Assert.Empty(problems);
        ParquetTestFile.AssertSameRecords(records, read);
    }

    [Fact]
    public void Read_ChecksummedParquetMissingAColumnOfFormat1_IsReportedDamagedNotReadAsNull()
    {
        var source = Path.Combine(_directory.Path, "source.parquet");
        ParquetTestFile.Write(source, Format1Records());
        var file = Sealed("older", ".parquet", path => DuckDbSql.Execute($"COPY (SELECT * EXCLUDE (outcome) FROM read_parquet('{source}')) TO '{path}' (FORMAT parquet)"));

        var damage = Assert.Throws<CorruptSegmentException>(() => SegmentFormats.ReaderFor(file)!.Read(file, RecordProjection.All, _ => { }).ToList());

        Assert.Contains("the column(s) outcome that every writer writes are missing", damage.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_JsonLinesWithoutChecksumMissingAColumnOfFormat1_ReportsTheLinesNotNulls()
    {
        var records = Format1Records();
        var path = Path.Combine(_directory.Path, "older.jsonl");
        File.WriteAllLines(path, records.Select(r =>
        {
            var line = JsonNode.Parse(ParquetTestFile.Json(r))!.AsObject();
            line.Remove(RecordColumns.SampleIndex);
            return line.ToJsonString();
        }));
        var problems = new List<StoreProblem>();

        var read = SegmentFormats.ReaderFor(path)!.Read(path, RecordProjection.All, problems.Add).ToList();

        Assert.Empty(read);
        Assert.Equal(records.Count, problems.Count);
        Assert.All(problems, p => Assert.Contains(RecordColumns.SampleIndex, p.Message, StringComparison.Ordinal));
    }

    // What the files in Store/Format1 hold: the records as TestRecords made them when format 1 was current.
    // The fixtures were written from these records by format 1: format_version 1, no column of a later format.
    private static List<ResultRecord> Format1Records() =>
        [.. new[] { TestRecords.EveryColumnSet(), TestRecords.EveryNullableColumnNull() }.Concat(TestRecords.Varied(30)).Select(TestRecords.AsWrittenByFormat1)];

    private string Sealed(string stem, string extension, Action<string> write)
    {
        var path = Path.Combine(_directory.Path, stem + ".unsealed");
        write(path);
        var sealedPath = Path.Combine(_directory.Path, SegmentChecksum.NameFor(stem, path, extension));
        File.Move(path, sealedPath);
        return sealedPath;
    }

}
