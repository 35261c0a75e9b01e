using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Tests.Reporting;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Cli.Tests.Reporting;

/// <summary>
/// Which reports read transcripts: the HTML report reads those of the samples it embeds, and a report that embeds
/// none opens no transcript file. A damaged transcript file tells them apart: reading it is reported, not reading it is not.
/// </summary>
public sealed class ReportTranscriptReadingTests
{
    [Fact]
    public void HtmlReport_EmbeddingSamples_ReadsTheirTranscriptsAndReportsADamagedFile()
    {
        using var cli = StoreWithDamagedTranscripts();
        var html = Path.Combine(cli.Directory, "report.html");

        var (code, _, error) = cli.Run("report", "--store", cli.Store, "--output", html);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("CorruptFile", error, StringComparison.Ordinal);
        Assert.Contains("CorruptFile", File.ReadAllText(html), StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlReport_SamplesZero_OpensNoTranscriptFile()
    {
        using var cli = StoreWithDamagedTranscripts();
        var html = Path.Combine(cli.Directory, "report.html");

        var (code, _, error) = cli.Run("report", "--store", cli.Store, "--output", html, "--samples", "0");

        Assert.Equal(ExitCodes.Success, code);
        Assert.DoesNotContain("CorruptFile", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Transcripts:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("CorruptFile", File.ReadAllText(html), StringComparison.Ordinal);
    }

    private static CliRun StoreWithDamagedTranscripts()
    {
        var cli = new CliRun([]);
        var records = SampleRecords.All().Take(4).ToList();
        using (var writer = RecordWriter.Open(new StoreLayout(cli.Store), SampleHoldings.Rule, StorageFormat.Json, "transcript-run"))
        {
            foreach (var record in records)
            {
                writer.Append(record,
                [
                    new() { Role = TranscriptRoles.User, Model = record.Model, Content = "Summarise ticket 1182 in one sentence." },
                    new() { Role = TranscriptRoles.Assistant, Model = record.Model, Content = "The customer was double-billed and wants a refund." },
                ]);
            }
        }

        var file = Directory.GetFiles(new StoreLayout(cli.Store).TranscriptDirectory, "*", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(file, bytes);
        return cli;
    }
}
