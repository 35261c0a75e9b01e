using System.Text;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Tests.Store.Parquet;

namespace RunnerHarness.Tests.Store.Integrity;

/// <summary>
/// Issue 20, finding 4: nothing deletes a log it could not fully read, and a record whose JSON line would pass the
/// readers' 64 MiB cap is refused when it is written, with an error naming the cap, instead of being sealed and then
/// dropped by every reader.
/// </summary>
public sealed class OverLongLineTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;

    public OverLongLineTests() => _layout = new StoreLayout(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void SealOrphanedLogs_LogWithALineOverTheCap_KeepsTheLogAndSaysWhy()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_layout.WriteAheadLogDirectory, "run-20261206-0100")).FullName;
        var log = Path.Combine(folder, "ci-linux-3-9120-20261206T110000-0000.jsonl");
        var records = TestRecords.Varied(3, seed: 41);
        using (var stream = File.Create(log))
        {
            WriteLine(stream, ParquetTestFile.Json(records[0]));
            stream.Write(Encoding.ASCII.GetBytes("{\"record_id\":\"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a99\",\"output\":\""));
            var chunk = new byte[1 << 20];
            chunk.AsSpan().Fill((byte)'x');
            for (var i = 0; i <= JsonLinesFileReader.MaxLineBytes / chunk.Length; i++)
            {
                stream.Write(chunk);
            }

            WriteLine(stream, "\"}");
            WriteLine(stream, ParquetTestFile.Json(records[1]));
        }

        var length = new FileInfo(log).Length;

        var problems = LogRecovery.SealOrphanedLogs(_layout, SampleHoldings.Rule, StorageFormat.Json);

        Assert.True(File.Exists(log), "the log with a line it could not read was deleted");
        Assert.Equal(length, new FileInfo(log).Length);
        Assert.Contains(problems, p => p.Kind == StoreProblemKind.BadLine && p.Message.Contains("line 2", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Kind == StoreProblemKind.OrphanedLog && p.Message.Contains("kept", StringComparison.Ordinal));
    }

    [Fact]
    public void Append_WriteThroughRecordOverTheCap_ThrowsNamingTheCapAndKeepsTheOthers()
    {
        using var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Json, "run-20261206-0101", options: new RecordWriterOptions { WriteThrough = true });
        var before = TestRecords.Varied(2, seed: 42);
        writer.Append(before[0]);

        var refusal = Assert.Throws<StoreWriteException>(() => writer.Append(Huge()));

        Assert.Contains("64 MiB", refusal.Message, StringComparison.Ordinal);
        writer.Append(before[1]);
        writer.Complete();
        Assert.Equal(2, new StoreReader(_layout).Read().Count());
        Assert.Empty(new StoreReader(_layout).Problems);
    }

    [Fact]
    public void Complete_QueuedRecordOverTheCap_ThrowsNamingTheCapAfterSealingTheOthers()
    {
        var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Parquet, "run-20261206-0102");
        var others = TestRecords.Varied(4, seed: 43);
        writer.Append(others[0]);
        writer.Append(Huge());
        writer.Append(others[1]);

        var refusal = Assert.Throws<StoreWriteException>(writer.Complete);

        Assert.Contains("64 MiB", refusal.Message, StringComparison.Ordinal);
        var reader = new StoreReader(_layout);
        Assert.Equal(2, reader.Read().Count());
        Assert.Empty(reader.Problems);
    }

    private static ResultRecord Huge() => new ResultRecordBuilder(TestRecords.EveryColumnSet())
    {
        RecordId = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a77",
        Output = new string('y', JsonLinesFileReader.MaxLineBytes + 1024),
    }.Build();

    private static void WriteLine(Stream stream, string text)
    {
        stream.Write(Encoding.UTF8.GetBytes(text));
        stream.WriteByte((byte)'\n');
    }
}
