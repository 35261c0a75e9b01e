using System.Buffers;
using System.Text;
using RunnerHarness.Aggregation;
using RunnerHarness.Interop;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Transcripts;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Tests.Interop;

public sealed class JsonLinesImporterTests : IDisposable
{
    // A multi-file input: its lines span three files of MultiFileRecordLimit records.
    private const int MultiFileLines = 12_000;
    private const int MultiFileRecordLimit = 5_000;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Import_LinesWithoutIds_TwiceAddsThemOnceAndKeepsIdenticalLinesApart()
    {
        var input = Path.Combine(_directory.Path, "other-tool.jsonl");
        File.WriteAllLines(input,
        [
            """{"model":"gpt-4o-mini","outcome":"passed","success_level":"full_success"}""",
            """{"model":"gpt-4o-mini","outcome":"passed","success_level":"full_success"}""",
            """{"model":"grok-3","outcome":"failed","error_category":"timeout","metrics":{"cost":0.25}}""",
            "",
        ]);
        var layout = new StoreLayout(Path.Combine(_directory.Path, "store"));

        var first = new JsonLinesImporter(layout).Import(input, "import-1", StorageFormat.Json);
        new JsonLinesImporter(layout).Import(input, "import-2", StorageFormat.Json);

        Assert.Equal(3, first.Records);
        var records = new StoreReader(layout).Read().ToList();
        Assert.Equal(3, records.Count);
        Assert.Equal(0.25, records.Single(r => r.Model == "grok-3").Metrics!["cost"]);
        Assert.Equal(TestOutcome.Failed, records.Single(r => r.Model == "grok-3").Outcome);
    }

    [Fact]
    public void Import_LineThatIsNotARecord_IsReportedWithItsNumberAndSkipped()
    {
        var input = Path.Combine(_directory.Path, "broken.jsonl");
        File.WriteAllLines(input, ["""{"model":"a"}""", """{"model": }""", """{"outcome":"exploded"}"""]);

        var result = new JsonLinesImporter(new StoreLayout(Path.Combine(_directory.Path, "store"))).Import(input, "import-1", StorageFormat.Json);

        Assert.Equal(1, result.Records);
        Assert.Collection(result.Problems,
            p => Assert.Contains("line 2", p.Message, StringComparison.Ordinal),
            p => Assert.Contains("line 3", p.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Import_UnknownColumnOnTheLastLineOfAMultiFileInput_LeavesTheStoreAsItWas()
    {
        // The import parses its input once, into files staged under tmp/: the files of its first 12,000 lines (5,000 records
        // a file here, as 100,000 are by default) are written before the last line is read, and must never reach data/ nor
        // stay in tmp/.
        var layout = new StoreLayout(Path.Combine(_directory.Path, "store"));
        new JsonLinesImporter(layout).Import(WriteResults("earlier.jsonl", 0, 50), "import-20261207-0701", StorageFormat.Parquet);
        var before = StoreFiles(layout);
        var input = WriteResults("late-typo.jsonl", 1_000, MultiFileLines, """{"model":"gpt-4o-mini","prompt_type":"cot","outcome":"passed","finalscore":0.8}""");

        var error = Assert.Throws<FormatException>(() => MultiFileImporter(layout).Import(input, "import-20261207-0702", StorageFormat.Parquet));

        Assert.Contains("'finalscore' (first on line 12001)", error.Message, StringComparison.Ordinal);
        Assert.Contains("final_score", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, StoreFiles(layout));
        Assert.Empty(Directory.EnumerateFileSystemEntries(layout.TempDirectory));
        Assert.Equal(50, new StoreReader(layout).Read().Count());
    }

    [Fact]
    public void Import_IdStoredWithOtherContentOnTheLastLineOfAMultiFileInput_LeavesTheStoreAsItWas()
    {
        var layout = new StoreLayout(Path.Combine(_directory.Path, "store"));
        new JsonLinesImporter(layout).Import(WriteResults("earlier.jsonl", 0, 50), "import-20261207-0703", StorageFormat.Parquet);
        var before = StoreFiles(layout);
        var stolenId = ImportInputs.ResultLine(7).Replace("\"passed\"", "\"failed\"", StringComparison.Ordinal);
        var input = WriteResults("late-conflict.jsonl", 1_000, MultiFileLines, stolenId);

        var error = Assert.Throws<ImportConflictException>(() => MultiFileImporter(layout).Import(input, "import-20261207-0704", StorageFormat.Parquet));

        Assert.Contains(ImportInputs.RecordIdOf(7), error.Message, StringComparison.Ordinal);
        Assert.Contains("the store holds this id", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, StoreFiles(layout));
        Assert.Empty(Directory.EnumerateFileSystemEntries(layout.TempDirectory));
        Assert.Equal(50, new StoreReader(layout).Read().Count());
    }

    [Theory]
    [InlineData(StorageFormat.Parquet)]
    [InlineData(StorageFormat.Json)]
    public void Import_InOnePass_StoresTheRecordsTheLineByLineImportStores(StorageFormat format)
    {
        var input = WriteResults("results.jsonl", 0, 2_500);
        var onePass = new StoreLayout(Path.Combine(_directory.Path, "one-pass"));
        var reference = new StoreLayout(Path.Combine(_directory.Path, "reference"));

        var result = new JsonLinesImporter(onePass).Import(input, "import-20261207-0705", format, replaceRunIds: true);
        LineByLineJsonLinesImport.Import(reference, input, "import-20261207-0705", format, replaceRunIds: true, transcriptsPath: null);

        Assert.Equal(2_500, result.Records);
        Assert.Equal(2_500, result.RunIdsReplaced);
        Assert.Equal(CanonicalLines(reference), CanonicalLines(onePass));
        Assert.Empty(Directory.EnumerateFileSystemEntries(onePass.TempDirectory));
        var report = new StoreVerifier(onePass, SampleHoldings.Rule).Verify();
        Assert.True(report.IsClean, string.Join("; ", report.Problems.Select(p => p.Message)));
    }

    [Theory]
    [InlineData(StorageFormat.Parquet, true, false)]
    [InlineData(StorageFormat.Json, false, false)]
    [InlineData(StorageFormat.Parquet, false, true)]
    [InlineData(StorageFormat.Json, true, true)]
    public void Import_OfLinesInEveryShape_WritesTheBytesAndReportsTheProblemsOfTheLineByLineImport(StorageFormat format, bool replaceRunIds, bool withTranscripts)
    {
        // The import parses batches of lines on the pool, most of them in one pass of their tokens, in one read of its input
        // (two with --transcripts); the reference reads line after line with the serializer. Same files, same words.
        var input = Path.Combine(_directory.Path, "mixed.jsonl");
        File.WriteAllText(input, "\uFEFF" + string.Join("\n", ImportInputs.MixedLines()) + "\r\n", new UTF8Encoding(false));
        var transcripts = withTranscripts ? WriteTranscripts("transcripts.jsonl", ImportInputs.MixedTranscripts()) : null;
        var imported = new StoreLayout(Path.Combine(_directory.Path, "imported"));
        var reference = new StoreLayout(Path.Combine(_directory.Path, "reference"));

        var one = new JsonLinesImporter(imported).Import(input, "import-20261207-1300", format, replaceRunIds, transcripts);
        var two = LineByLineJsonLinesImport.Import(reference, input, "import-20261207-1300", format, replaceRunIds, transcripts);

        Assert.Equal(two.Records, one.Records);
        Assert.Equal((two.RunIdsReplaced, two.RunIdsKept), (one.RunIdsReplaced, one.RunIdsKept));
        Assert.Equal(two.Problems.Select(p => $"{p.Kind} {p.Path}: {p.Message}"), one.Problems.Select(p => $"{p.Kind} {p.Path}: {p.Message}"));
        Assert.Equal(12, one.Problems.Count);
        Assert.Equal(CanonicalLines(reference), CanonicalLines(imported));
        Assert.Equal(FileContents(reference.DataDirectory), FileContents(imported.DataDirectory));
        Assert.Equal(FileContents(reference.TranscriptDirectory), FileContents(imported.TranscriptDirectory));
        Assert.Equal(withTranscripts, FileContents(imported.TranscriptDirectory).Length > 0);
    }

    [Theory]
    [InlineData(StorageFormat.Parquet, false)]
    [InlineData(StorageFormat.Json, true)]
    public void Import_IntoAStoreHoldingPartOfTheInput_SkipsWhatTheLineByLineImportSkipsAndWritesTheSameBytes(StorageFormat format, bool withTranscripts)
    {
        // The store holds the first 1,000 lines' records (imported under another run); the input repeats two writer-shaped lines
        // at its end (same id and content, one with another run_id): those are skipped too.
        var lines = ImportInputs.MixedLines().ToList();
        var earlier = Path.Combine(_directory.Path, "earlier.jsonl");
        File.WriteAllLines(earlier, lines.Take(1_000));
        var input = Path.Combine(_directory.Path, "mixed.jsonl");
        File.WriteAllLines(input, [.. lines, lines[5].Replace("\"run_id\":\"", "\"run_id\":\"again-", StringComparison.Ordinal), lines[1]]);
        var transcripts = withTranscripts ? WriteTranscripts("transcripts.jsonl", ImportInputs.MixedTranscripts()) : null;
        var imported = new StoreLayout(Path.Combine(_directory.Path, "imported"));
        var reference = new StoreLayout(Path.Combine(_directory.Path, "reference"));
        foreach (var store in new[] { imported, reference })
        {
            new JsonLinesImporter(store).Import(earlier, "import-20261207-1200", format, replaceRunIds: true);
        }

        var storedBefore = new StoreReader(imported).Read().Count();

        var one = new JsonLinesImporter(imported).Import(input, "import-20261207-1300", format, replaceRunIds: false, transcripts);
        var two = LineByLineJsonLinesImport.Import(reference, input, "import-20261207-1300", format, replaceRunIds: false, transcripts);

        Assert.Equal((two.Records, two.AlreadyStored, two.RepeatedInInput, two.RunIdsKept), (one.Records, one.AlreadyStored, one.RepeatedInInput, one.RunIdsKept));
        Assert.Equal(2, one.RepeatedInInput);
        Assert.Equal(storedBefore, one.AlreadyStored);
        Assert.Equal(CanonicalLines(reference), CanonicalLines(imported));
        Assert.Equal(FileContents(reference.DataDirectory), FileContents(imported.DataDirectory));
        Assert.Equal(FileContents(reference.TranscriptDirectory), FileContents(imported.TranscriptDirectory));
        Assert.Empty(Directory.EnumerateFileSystemEntries(imported.TempDirectory));
        Assert.Equal(storedBefore, new StoreReader(imported).Read().Count(r => r.RunId == "import-20261207-1200"));
        var report = new StoreVerifier(imported, SampleHoldings.Rule).Verify();
        Assert.True(report.IsClean, string.Join("; ", report.Problems.Select(p => p.Message)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Import_RefusedForUnknownNamesOrConflicts_SaysWhatTheLineByLineImportSays(bool withTranscripts)
    {
        var transcripts = withTranscripts ? WriteTranscripts("transcripts.jsonl", ImportInputs.MixedTranscripts()) : null;
        var lines = ImportInputs.MixedLines().ToList();
        lines.Insert(700, """{"record_id":"b1a2c3d4-0000-4000-8000-000000000001","modle":"grok-3","scroe":1}""");
        lines.Insert(1500, """{"record_id":"b1a2c3d4-0000-4000-8000-000000000002","modle":"grok-3","nested":{"modle":2}}""");
        var unknown = Path.Combine(_directory.Path, "unknown.jsonl");
        File.WriteAllLines(unknown, lines);
        lines = [.. ImportInputs.MixedLines(), """{"record_id":"CD1E0000-2026-1207-8A11-000000000042","model":"other"}""", """{"record_id":"cd1e0000-2026-1207-8a11-000000000042","model":"another"}"""];
        var conflicting = Path.Combine(_directory.Path, "conflicting.jsonl");
        File.WriteAllLines(conflicting, lines);

        foreach (var input in new[] { unknown, conflicting })
        {
            AssertRefusedAsTheLineByLineImport(input, transcripts);
        }
    }

    [Fact]
    public void Import_WithTranscriptsThatAreRefused_SaysWhatTheLineByLineImportSays()
    {
        var input = Path.Combine(_directory.Path, "mixed.jsonl");
        File.WriteAllLines(input, ImportInputs.MixedLines());
        var orphans = WriteTranscripts("orphans.jsonl", [.. ImportInputs.MixedTranscripts(), new TranscriptRow("d0e1f2a3-2026-4207-8a11-00000000beef", 0, new TranscriptMessage { Role = "user", Content = "Which tool lists the files?" })]);
        var broken = Path.Combine(_directory.Path, "broken-transcripts.jsonl");
        File.WriteAllText(broken, File.ReadAllText(WriteTranscripts("whole.jsonl", ImportInputs.MixedTranscripts())) + "{\"record_id\":\n");
        var missing = Path.Combine(_directory.Path, "missing-transcripts.jsonl");
        var typo = Path.Combine(_directory.Path, "typo.jsonl");
        File.WriteAllLines(typo, [.. ImportInputs.MixedLines(), """{"record_id":"b1a2c3d4-0000-4000-8000-000000000003","modle":"grok-3"}"""]);

        AssertRefusedAsTheLineByLineImport(input, orphans);
        AssertRefusedAsTheLineByLineImport(input, broken);
        AssertRefusedAsTheLineByLineImport(input, missing);

        // Both wrong: the input's names are checked before the transcripts are read.
        AssertRefusedAsTheLineByLineImport(typo, missing);
    }

    private void AssertRefusedAsTheLineByLineImport(string input, string? transcripts)
    {
        var name = Path.GetFileNameWithoutExtension(input) + "-" + Path.GetFileNameWithoutExtension(transcripts ?? "none");
        var imported = new StoreLayout(Path.Combine(_directory.Path, "imported-" + name));
        var reference = new StoreLayout(Path.Combine(_directory.Path, "reference-" + name));
        var one = Assert.ThrowsAny<Exception>(() => new JsonLinesImporter(imported).Import(input, "import-1", StorageFormat.Parquet, false, transcripts));
        var two = Assert.ThrowsAny<Exception>(() => LineByLineJsonLinesImport.Import(reference, input, "import-1", StorageFormat.Parquet, false, transcripts));
        Assert.Equal(two.GetType(), one.GetType());
        Assert.Equal(two.Message, one.Message);
        Assert.Empty(FileContents(imported.DataDirectory));
        Assert.Empty(FileContents(imported.TranscriptDirectory));
    }

    private string WriteTranscripts(string name, IEnumerable<TranscriptRow> rows)
    {
        var path = Path.Combine(_directory.Path, name);
        using var file = File.Create(path);
        TranscriptJsonLines.Write(rows, file);
        return path;
    }

    // The bytes of every file under a folder, sorted, without their names (which carry the writing process and the time).
    private static string[] FileContents(string folder) =>
        !Directory.Exists(folder) ? [] : [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))) + " " + Path.GetExtension(f))
            .Order(StringComparer.Ordinal)];

    private string WriteResults(string name, int first, int count, string? last = null)
    {
        var path = Path.Combine(_directory.Path, name);
        File.WriteAllLines(path, Enumerable.Range(first, count).Select(ImportInputs.ResultLine).Concat(last is null ? [] : [last]));
        return path;
    }

    private static JsonLinesImporter MultiFileImporter(StoreLayout layout) => new(layout) { SegmentRecordLimit = MultiFileRecordLimit };

    private static string[] StoreFiles(StoreLayout layout) =>
        [.. Directory.EnumerateFiles(layout.DataDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    // Each record as the store's JSON line, without where it was written (host, process), sorted by id.
    private static string[] CanonicalLines(StoreLayout layout) =>
        [.. new StoreReader(layout).Read().Select(r =>
        {
            var line = new ArrayBufferWriter<byte>();
            JsonLinesRecordCodec.WriteLine(new ResultRecordBuilder(r) { Host = null, ProcessId = null }.Build(), line);
            return Encoding.UTF8.GetString(line.WrittenSpan);
        }).Order(StringComparer.Ordinal)];

    [Fact]
    public void Import_MissingFile_NamesIt()
    {
        var missing = Path.Combine(_directory.Path, "missing.jsonl");

        var error = Assert.Throws<FileNotFoundException>(() => new JsonLinesImporter(new StoreLayout(_directory.Path)).Import(missing, "r", StorageFormat.Json));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}
