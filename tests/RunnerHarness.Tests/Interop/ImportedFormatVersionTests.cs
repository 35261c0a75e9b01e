using RunnerHarness.Aggregation;
using RunnerHarness.Interop;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Tests.Interop;

/// <summary>
/// The <c>format_version</c> of records imported from JSON Lines: a line of another tool that does not name it holds the
/// columns of the format this version writes, and is stored as that format, never as 0 (the serializer's default for a
/// missing int, which no harness writes); a line naming 0 (what export writes for an older import's record) is stored as that format too, one naming a version from 1 keeps it, a negative one is not a record, and one above
/// this version's refuses the import. Both import paths (one pass; with <c>--transcripts</c>) are asked.
/// </summary>
public sealed class ImportedFormatVersionTests : IDisposable
{
    private const string ExportedRecord = """{"record_id":"0193a6f2-7c41-7d2e-9b10-4f3c2a8e5d01","run_id":"nightly-20261206","model":"gpt-4o-mini","prompt_type":"cot","outcome":"passed","final_score":0.82}""";

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<StorageFormat, bool> Paths => new()
    {
        { StorageFormat.Json, false },
        { StorageFormat.Parquet, false },
        { StorageFormat.Json, true },
        { StorageFormat.Parquet, true },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Import_LinesWithoutFormatVersion_AreStoredAsTheFormatThisVersionWrites(StorageFormat format, bool withTranscripts)
    {
        var input = Write("other-tool.jsonl",
            """{"model":"gpt-4o-mini","prompt_type":"cot","outcome":"failed","error_category":"timeout","turns":4}""",
            ExportedRecord,
            """{"record_id":"0193a6f2-7c41-7d2e-9b10-4f3c2a8e5d02","format_version":1,"model":"grok-3","outcome":"passed"}""");

        var result = Import(input, format, withTranscripts);

        Assert.Empty(result.Problems);
        var records = new StoreReader(Layout).Read().ToList();
        Assert.Equal(ResultRecord.CurrentFormatVersion, records.Single(r => r.Outcome == TestOutcome.Failed).FormatVersion);
        Assert.Equal(ResultRecord.CurrentFormatVersion, records.Single(r => r.RecordId.EndsWith("5d01", StringComparison.Ordinal)).FormatVersion);
        Assert.Equal(1, records.Single(r => r.Model == "grok-3").FormatVersion);
        var report = new StoreVerifier(Layout, SampleHoldings.Rule).Verify();
        Assert.True(report.IsClean, string.Join("; ", report.Problems.Select(p => p.Message)));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Import_LineNamingFormatVersionZero_IsStoredAsTheFormatThisVersionWrites(StorageFormat format, bool withTranscripts)
    {
        // What export writes for a record an import before this rule stored: export -> import must keep it.
        var input = Write("exported-old-import.jsonl",
            """{"record_id":"0193a6f2-7c41-7d2e-9b10-4f3c2a8e5d06","format_version":0,"model":"claude-haiku-4","outcome":"passed"}""");

        var result = Import(input, format, withTranscripts);

        Assert.Empty(result.Problems);
        Assert.Equal(ResultRecord.CurrentFormatVersion, Assert.Single(new StoreReader(Layout).Read()).FormatVersion);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Import_LineNamingANegativeFormatVersion_IsReportedAndSkipped(StorageFormat format, bool withTranscripts)
    {
        var input = Write("negative.jsonl",
            """{"model":"claude-haiku-4","outcome":"passed","format_version":-2}""",
            ExportedRecord);

        var result = Import(input, format, withTranscripts);

        Assert.Equal(1, result.Records);
        Assert.Equal(
            "line 1 is not a record and is skipped: its format_version -2 is no record format (1 to 3 are; a line without format_version, or with 0 as imports before format 3 stored it, is imported as format 3)",
            Assert.Single(result.Problems).Message);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Import_LineOfANewerFormat_IsRefusedWithNothingWritten(StorageFormat format, bool withTranscripts)
    {
        var input = Write("newer.jsonl",
            ExportedRecord,
            """{"record_id":"0193a6f2-7c41-7d2e-9b10-4f3c2a8e5d03","format_version":4,"model":"grok-3","outcome":"passed"}""",
            """{"record_id":"0193a6f2-7c41-7d2e-9b10-4f3c2a8e5d04","format_version":5,"model":"grok-3","outcome":"passed"}""");

        var error = Assert.Throws<FormatException>(() => Import(input, format, withTranscripts));

        Assert.Equal(
            $"{input} was not imported: line 2 holds a record of format_version 4, written by a newer harness; this version writes format 3 and cannot tell what that format changed. " +
            "Nothing was written. Import the file with a harness that writes format 4 or later (docs/record-schema.md).",
            error.Message);
        Assert.False(Directory.Exists(Layout.DataDirectory) && Directory.EnumerateFiles(Layout.DataDirectory, "*", SearchOption.AllDirectories).Any());
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Import_AgainAfterAnEarlierImportStoredFormatZero_IsNoConflict(StorageFormat format, bool withTranscripts)
    {
        // What an import before this rule stored for the same lines: the serializer's parse of each line, format_version 0.
        var lines = new[] { ExportedRecord, """{"record_id":"0193a6f2-7c41-7d2e-9b10-4f3c2a8e5d05","model":"grok-3","outcome":"failed"}""" };
        var stored = lines.Select(l => JsonLinesRecordCodec.TryParse(System.Text.Encoding.UTF8.GetBytes(l), out var r, out _) ? r! : throw new InvalidOperationException(l)).ToList();
        Assert.All(stored, r => Assert.Equal(0, r.FormatVersion));
        new BulkRecordWriter(Layout, SampleHoldings.Rule, format, new WriterIdentity("import-20261130-0900", "import"))
            .Write(stored.Select(r => (r, (IReadOnlyList<TranscriptMessage>?)null)));

        var result = Import(Write("again.jsonl", lines), format, withTranscripts);

        Assert.Equal((0, 2), (result.Records, result.AlreadyStored));
        Assert.Equal(["import-20261130-0900", "nightly-20261206"], new StoreReader(Layout).Read().Select(r => r.RunId!).Order(StringComparer.Ordinal));
    }

    private StoreLayout Layout => new(Path.Combine(_directory.Path, "store"));

    private ImportResult Import(string input, StorageFormat format, bool withTranscripts)
    {
        if (!withTranscripts)
        {
            return new JsonLinesImporter(Layout).Import(input, "import-20261207-1500", format);
        }

        // An empty transcripts file takes the import's --transcripts path.
        var transcripts = Path.Combine(_directory.Path, "no-transcripts.jsonl");
        File.WriteAllText(transcripts, "");
        return new JsonLinesImporter(Layout).Import(input, "import-20261207-1500", format, replaceRunIds: false, transcriptsPath: transcripts);
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_directory.Path, name);
        File.WriteAllLines(path, lines);
        return path;
    }
}
