using DuckDB.NET.Data;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Transcripts;
using RunnerHarness.Tests.Store.Integrity;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Tests.Store.Transcripts;

/// <summary>
/// Transcripts in a store of each format: sealed beside their records under <c>transcripts/</c> (never under <c>data/</c>,
/// which reports read), read back whole, carried by compaction and migration, sealed from a dead writer's log, and
/// checked by verify, which reports a damaged transcript file.
/// </summary>
public abstract class TranscriptStoreTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    protected TranscriptStoreTests() => Layout = new StoreLayout(Path.Combine(_directory.Path, "store"));

    protected abstract StorageFormat Format { get; }

    private StoreLayout Layout { get; }

    public void Dispose()
    {
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Append_WithTranscript_SealsItBesideTheRecordAndReadsItBackWhole()
    {
        var records = TestRecords.Varied(3);
        Write("run-a", records);

        var files = TranscriptFiles.List(Layout).Files;
        var transcripts = new TranscriptReader(Layout).Read(records.Select(r => r.RecordId));

        Assert.Single(files);
        Assert.EndsWith(TranscriptFiles.ExtensionOf(Format), files[0], StringComparison.Ordinal);
        Assert.StartsWith(Layout.TranscriptRunDirectory("run-a"), files[0], StringComparison.Ordinal);
        Assert.DoesNotContain(Layout.DataFiles(), f => f.Contains("transcript", StringComparison.Ordinal));
        Assert.All(records, r => Assert.Equal(Conversation(r.RecordId), transcripts[r.RecordId]));
    }

    [Fact]
    public void Append_WithoutTranscript_WritesNoTranscriptFile()
    {
        using (var writer = RecordWriter.Open(Layout, SampleHoldings.Rule, Format, "run-a"))
        {
            writer.Append(TestRecords.Varied(1)[0]);
        }

        Assert.Empty(TranscriptFiles.List(Layout).Files);
        Assert.False(Directory.Exists(Layout.WriteAheadLogDirectory) && Directory.EnumerateFileSystemEntries(Layout.WriteAheadLogDirectory).Any());
    }

    [Fact]
    public void Compact_TranscriptsOfSeveralRuns_MergesThemAndKeepsEveryTranscript()
    {
        var first = TestRecords.Varied(4, seed: 1);
        var second = TestRecords.Varied(4, seed: 2);
        Write("run-a", first);
        Write("run-b", second);
        Assert.Equal(2, TranscriptFiles.List(Layout).Files.Count);

        var result = new StoreCompactor(Layout, SampleHoldings.Rule).Compact();

        var files = TranscriptFiles.List(Layout).Files;
        Assert.Equal(2, result.TranscriptFilesRead.Count);
        Assert.Equal(files, result.TranscriptFilesWritten);
        Assert.All(files, f => Assert.StartsWith(Layout.CompactedTranscriptDirectory, f, StringComparison.Ordinal));
        var transcripts = new TranscriptReader(Layout).Read(first.Concat(second).Select(r => r.RecordId));
        Assert.Equal(8, transcripts.Count);
        Assert.All(first.Concat(second), r => Assert.Equal(Conversation(r.RecordId), transcripts[r.RecordId]));
        Assert.True(new StoreVerifier(Layout, SampleHoldings.Rule).Verify().IsClean);
    }

    [Fact]
    public void Migrate_ToTheOtherFormat_CarriesEveryTranscript()
    {
        var records = TestRecords.Varied(5);
        Write("run-a", records);
        var other = Format == StorageFormat.Json ? StorageFormat.Parquet : StorageFormat.Json;

        new StoreMigrator(Layout, SampleHoldings.Rule).Migrate(other);

        var file = Assert.Single(TranscriptFiles.List(Layout).Files);
        Assert.EndsWith(TranscriptFiles.ExtensionOf(other), file, StringComparison.Ordinal);
        var transcripts = new TranscriptReader(Layout).Read(records.Select(r => r.RecordId));
        Assert.All(records, r => Assert.Equal(Conversation(r.RecordId), transcripts[r.RecordId]));
    }

    [Fact]
    public void Verify_DamagedTranscriptFile_ReportsItCorruptAndReadersSkipIt()
    {
        var records = TestRecords.Varied(3);
        Write("run-a", records);
        var file = Assert.Single(TranscriptFiles.List(Layout).Files);
        StoreFiles.FlipBit(file, new FileInfo(file).Length / 2, 3);

        var report = new StoreVerifier(Layout, SampleHoldings.Rule).Verify();
        var reader = new TranscriptReader(Layout);
        var read = reader.Read(records.Select(r => r.RecordId));

        var problem = Assert.Single(report.Problems);
        Assert.Equal(StoreProblemKind.CorruptFile, problem.Kind);
        Assert.Equal(Layout.Relative(file), problem.Path);
        Assert.Equal(1, report.TranscriptFilesChecked);
        Assert.Empty(read);
        Assert.Equal(StoreProblemKind.CorruptFile, Assert.Single(reader.Problems).Kind);
    }

    [Fact]
    public void Compact_DamagedTranscriptFile_IsKeptInPlaceNotMerged()
    {
        Write("run-a", TestRecords.Varied(2, seed: 1));
        Write("run-b", TestRecords.Varied(2, seed: 2));
        var damaged = TranscriptFiles.List(Layout).Files[0];
        StoreFiles.FlipBit(damaged, new FileInfo(damaged).Length / 2, 0);

        var result = new StoreCompactor(Layout, SampleHoldings.Rule).Compact();

        Assert.True(File.Exists(damaged));
        Assert.Contains(result.Problems, p => p.Kind == StoreProblemKind.CorruptFile && p.Path == Layout.Relative(damaged));
        Assert.DoesNotContain(damaged, result.TranscriptFilesRead);
    }

    [Fact]
    public void DeadWriter_TranscriptLog_IsSealedByTheNextWriterOfTheRun()
    {
        var records = TestRecords.Varied(2);

        // A writer that dies leaves its logs under wal/ (lock free): simulated by copying them out before it seals, then back.
        var saved = Path.Combine(_directory.Path, "saved-wal");
        using (var writer = RecordWriter.Open(Layout, SampleHoldings.Rule, Format, "run-a", options: new RecordWriterOptions { WriteThrough = true }))
        {
            foreach (var record in records)
            {
                writer.Append(record, Conversation(record.RecordId));
            }

            CopyDirectory(Layout.WriteAheadLogDirectory, saved);
        }

        foreach (var sealedFile in Layout.DataFiles().Concat(TranscriptFiles.List(Layout).Files))
        {
            File.Delete(sealedFile);
        }

        Directory.Delete(Layout.SummaryDirectory, recursive: true);
        CopyDirectory(saved, Layout.WriteAheadLogDirectory);
        Assert.Equal(2, new TranscriptReader(Layout).Read(records.Select(r => r.RecordId)).Count);

        new StoreCompactor(Layout, SampleHoldings.Rule).Compact();

        Assert.Empty(TranscriptFiles.Logs(Layout));
        var transcripts = new TranscriptReader(Layout).Read(records.Select(r => r.RecordId));
        Assert.All(records, r => Assert.Equal(Conversation(r.RecordId), transcripts[r.RecordId]));
    }

    [Fact]
    public void DuckDb_JoinOfDocsTranscriptsMd_ReadsEachToolCallWithItsRecord()
    {
        var records = TestRecords.Varied(3);
        Write("run-a", records);
        var read = Format == StorageFormat.Parquet ? "read_parquet" : "read_json_auto";
        var extension = TranscriptFiles.ExtensionOf(Format);

        // The query of docs/transcripts.md, on this store's files (DuckDB reads JSON record ids as UUIDs).
        var sql = $"""
            SELECT r.record_id, r.model, t.seq, t.role, t.tool_call_id,
                   json_extract_string(t.tool_calls, '$[0].function.name') AS first_tool
            FROM {read}('{Layout.DataDirectory}/**/*{extension}') r
            JOIN {read}('{Layout.TranscriptDirectory}/**/*{extension}') t USING (record_id)
            WHERE t.role = 'assistant' AND t.tool_calls IS NOT NULL
            ORDER BY r.record_id, t.seq
            """;
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<(string RecordId, string Model, string Tool)>();
        while (reader.Read())
        {
            rows.Add((reader.GetValue(0).ToString()!, reader.GetString(1), reader.GetString(5)));
        }

        Assert.Equal(records.OrderBy(r => r.RecordId, StringComparer.Ordinal).Select(r => (r.RecordId, r.Model!, "lookup_order")), rows);
    }

    // A real-looking agent conversation for a record: a tool call, its result, an answer.
    private static List<TranscriptMessage> Conversation(string recordId) =>
    [
        new() { Role = TranscriptRoles.System, Content = "You are an operations agent. Use the tools to finish the task.", Model = "gpt-4o-mini" },
        new() { Role = TranscriptRoles.User, Content = $"Refund the order of ticket {recordId[..8]} and email the customer.", Model = "gpt-4o-mini" },
        new()
        {
            Role = TranscriptRoles.Assistant,
            Model = "gpt-4o-mini",
            ToolCalls = [new TranscriptToolCall($"call_{recordId[..6]}", "lookup_order", $$"""{"ticket":"{{recordId[..8]}}"}""")],
        },
        new() { Role = TranscriptRoles.Tool, ToolCallId = $"call_{recordId[..6]}", Content = """{"order_id":"4411","status":"delivered"}""", Model = "gpt-4o-mini" },
        new() { Role = TranscriptRoles.Assistant, Content = "Refunded order 4411; the customer was emailed. ✓", Model = "gpt-4o-mini" },
        new() { Role = TranscriptRoles.User, Kind = TranscriptKinds.Judge, Content = "Grade the answer from 1 to 5.", Model = "judge-large" },
        new() { Role = TranscriptRoles.Assistant, Kind = TranscriptKinds.Judge, Content = "5", Model = "judge-large" },
    ];

    private void Write(string runId, IReadOnlyList<ResultRecord> records)
    {
        using var writer = RecordWriter.Open(Layout, SampleHoldings.Rule, Format, runId);
        foreach (var record in records)
        {
            writer.Append(record, Conversation(record.RecordId));
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "writer.lock"))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    public sealed class JsonLines : TranscriptStoreTests
    {
        protected override StorageFormat Format => StorageFormat.Json;
    }

    public sealed class Parquet : TranscriptStoreTests
    {
        protected override StorageFormat Format => StorageFormat.Parquet;
    }
}
