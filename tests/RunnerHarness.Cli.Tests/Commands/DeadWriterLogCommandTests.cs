using System.Buffers;
using System.Text.Json;
using RunnerHarness.Schema;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Tests.Reporting;

namespace RunnerHarness.Cli.Tests.Commands;

/// <summary>
/// Issue 20, finding 10: a test host killed with SIGKILL leaves its results in its write-ahead log. <c>report</c> and
/// <c>export</c> count them (the store is not changed) and say how many came from logs of writers that are gone.
/// </summary>
public sealed class DeadWriterLogCommandTests
{
    private const string Note = "counted 3 record(s) from the write-ahead logs of writers that are gone";

    [Fact]
    public void ReportAndExport_LogOfAKilledTestHost_CountItsRecordsAndSayHowMany()
    {
        using var cli = new CliRun();
        var sealedCount = SampleRecords.All().Count();
        var killed = SampleRecords.All().Take(3).Select((r, i) => new ResultRecordBuilder(r)
        {
            RecordId = $"0193a1b2-c3d4-7e5f-8a9b-00000000d0{i:D2}",
            RunId = "run-20261206-0300",
        }.Build()).ToList();
        KilledHostLog(cli.Store, "run-20261206-0300", killed);
        var output = Path.Combine(cli.Directory, "export.jsonl");

        var report = cli.Run("report", "--store", cli.Store, "--json");
        var export = cli.Run("export", "--store", cli.Store, "--format", "jsonl", "--output", output);

        Assert.Equal(ExitCodes.Success, report.ExitCode);
        var root = JsonDocument.Parse(report.Out).RootElement;
        Assert.Equal(sealedCount + 3, root.GetProperty("totals").GetProperty("records").GetInt64());
        Assert.Contains(Note, report.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, export.ExitCode);
        Assert.Equal(sealedCount + 3, File.ReadLines(output).Count());
        Assert.Contains(Note, export.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(cli.Store, "wal", "run-20261206-0300", "ci-linux-4-4242-20261206T091500-0000.jsonl")), "a read sealed or removed the log");
    }

    private static void KilledHostLog(string store, string runId, IEnumerable<ResultRecord> records)
    {
        var folder = Directory.CreateDirectory(Path.Combine(store, "wal", runId)).FullName;
        File.WriteAllText(Path.Combine(folder, "writer.json"), $"{{\"run_id\":\"{runId}\",\"host\":\"ci-linux-4\",\"process_id\":4242,\"started_at\":\"2026-12-06T09:15:00Z\"}}");
        File.WriteAllBytes(Path.Combine(folder, "writer.lock"), []);
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var record in records)
        {
            JsonLinesRecordCodec.WriteLine(record, buffer);
        }

        File.WriteAllBytes(Path.Combine(folder, "ci-linux-4-4242-20261206T091500-0000.jsonl"), buffer.WrittenSpan.ToArray());
    }
}
