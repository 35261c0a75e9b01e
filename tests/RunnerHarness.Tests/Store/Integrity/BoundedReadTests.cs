using System.Text;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Parquet;

namespace RunnerHarness.Tests.Store.Integrity;

/// <summary>Damage never hangs or crashes a reader: footers are decoded within their own bytes, lines under a cap.</summary>
public sealed class BoundedReadTests : IDisposable
{
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(2);
    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;

    public BoundedReadTests() => _layout = new StoreLayout(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Read_ParquetFooterTailWithAnyByteChanged_FinishesAndReportsOrReads()
    {
        using (var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Parquet, "run-20261128-0001"))
        {
            TestRecords.Varied(20).ForEach(writer.Append);
        }

        // Without a checksum in its name the footer reaches Parquet.Net's decoder; the review found a
        // byte at the footer's end that sent it into an endless loop, which no deadline can stop.
        var file = StoreFiles.AsSealedBeforeChecksums(Assert.Single(_layout.DataFiles()));
        var original = File.ReadAllBytes(file);
        var reader = new ParquetSegmentReader();
        for (var offset = 9; offset <= 40; offset++)
        {
            foreach (var mask in new byte[] { 0x01, 0x08, 0x80, 0xFF })
            {
                var damaged = (byte[])original.Clone();
                damaged[^offset] ^= mask;
                File.WriteAllBytes(file, damaged);
                var reading = Task.Run(() =>
                {
                    try
                    {
                        return reader.Read(file, RecordProjection.All, _ => { }).Count().ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }
                    catch (CorruptSegmentException ex)
                    {
                        return ex.Message;
                    }
                });

                // A hang fails the test with a TimeoutException instead of hanging the test run.
                var outcome = await reading.WaitAsync(Hang);
                Assert.False(string.IsNullOrEmpty(outcome), $"byte -{offset} ^ 0x{mask:x2}");
            }
        }
    }

    [Fact]
    public void SealOrphanedLogs_LogEndingInACrashsNulTailPastTheLineCap_SealsTheRecordsAndReportsTheTail()
    {
        var folder = Path.Combine(_layout.WriteAheadLogDirectory, "run-20261128-0002");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "writer.json"), """{"run_id":"run-20261128-0002","host":"ci-07","process_id":4242,"started_at":"2026-11-28T04:00:00Z"}""");
        var log = Path.Combine(folder, "ci-07-4242-20261128T040000-0000.jsonl");
        using (var stream = File.Create(log))
        {
            foreach (var record in TestRecords.Varied(2))
            {
                stream.Write(Encoding.UTF8.GetBytes(Line(record) + "\n"));
            }

            stream.Write(new byte[JsonLinesFileReader.MaxLineBytes + (1 << 20)]);
        }

        var problems = LogRecovery.SealOrphanedLogs(_layout, SampleHoldings.Rule, StorageFormat.Json);

        var problem = Assert.Single(problems);
        Assert.Equal(StoreProblemKind.TornLogTail, problem.Kind);
        Assert.Contains("longer than", problem.Message, StringComparison.Ordinal);
        Assert.Equal(2, new StoreReader(_layout).Read().Count());
    }

    [Fact]
    public void Read_JsonLineLongerThanTheCap_IsReportedAndReadingResumesAtTheNextLine()
    {
        Directory.CreateDirectory(_layout.RunDirectory("run-20261128-0003"));
        var file = Path.Combine(_layout.RunDirectory("run-20261128-0003"), "ci-07-4242-20261128T040000-0000.jsonl");
        var records = TestRecords.Varied(2);
        using (var stream = File.Create(file))
        {
            stream.Write(Encoding.UTF8.GetBytes(Line(records[0]) + "\n"));
            stream.Write(new byte[(2 * JsonLinesFileReader.MaxLineBytes) + 3]);
            stream.Write("\n"u8);
            stream.Write(Encoding.UTF8.GetBytes(Line(records[1]) + "\n"));
        }

        var reader = new StoreReader(_layout);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var read = reader.Read().Select(r => r.RecordId).ToList();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        // Memory is bounded by the cap, not by the line: the buffer doubles up to the cap (about twice the cap allocated
        // in all) and then drops the line's bytes; a reader that held the line would double past its length (about 8x the cap).
        Assert.True(allocated < 3L * JsonLinesFileReader.MaxLineBytes, $"reading allocated {allocated:N0} bytes for a line of {2L * JsonLinesFileReader.MaxLineBytes + 3:N0}");
        Assert.Equal(records.Select(r => r.RecordId), read);
        var problem = Assert.Single(reader.Problems);
        Assert.Equal(StoreProblemKind.BadLine, problem.Kind);
        Assert.Contains("line 2 is longer than", problem.Message, StringComparison.Ordinal);
    }

    private static string Line(ResultRecord record)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        JsonLinesRecordCodec.WriteLine(record, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan).TrimEnd('\n');
    }
}
