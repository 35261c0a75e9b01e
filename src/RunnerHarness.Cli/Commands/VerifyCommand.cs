using System.CommandLine;
using System.Globalization;
using RunnerHarness.Aggregation;
using RunnerHarness.Cli.Options;
using RunnerHarness.Cli.Rendering;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Commands;

/// <summary><c>verify</c>: reads every file of the store and reports what is wrong, changing nothing.</summary>
public static class VerifyCommand
{
    private const string Description = """
        Reads every file under data/ in full and reports what is wrong: files that cannot be read,
        lines that do not parse, repeated record ids, logs of writers that died and are not sealed yet
        (with torn last lines), and leftovers under tmp/; and every transcript file under transcripts/
        (checksum, every message decoded). Changes and deletes nothing. The text output
        lists the first 20 problems of each kind and counts the rest; --json lists every one.
        Exit code 0 when the store is clean, 7 when problems were found.

        Examples:
          runner-harness verify --store ./runner-harness-store
          runner-harness verify --json
        """;

    /// <summary>How many problems of one kind the text output lists; the rest are counted, and --json lists them all.</summary>
    internal const int ProblemsPrintedPerKind = 20;

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var store = StoreOption.Create();
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var command = new Command("verify", Description) { store, json };
        command.SetAction(parse =>
        {
            var layout = StoreMaintenance.Existing(context, parse.GetValue(store));
            var report = FileProgress.Run(context, "Verifying", progress => new StoreVerifier(layout, SampleHoldings.Rule).Verify(progress));
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Out, w =>
                {
                    w.WriteString("store", context.StoreName(layout.Root));
                    w.WriteBoolean("clean", report.IsClean);
                    w.WriteNumber("files", report.FilesChecked);
                    w.WriteNumber("transcript_files", report.TranscriptFilesChecked);
                    w.WriteNumber("records", report.Records);
                    w.WriteNumber("distinct_records", report.DistinctRecords);
                    StoreProblemWriter.WriteJson(w, "problems", report.Problems);
                });
            }
            else
            {
                var verdict = report.IsClean ? "clean." : string.Create(CultureInfo.InvariantCulture, $"{report.Problems.Count} problems:");
                context.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{context.StoreName(layout.Root)}: {report.FilesChecked} files, {report.Records} records, {report.DistinctRecords} distinct; {verdict}"));
                StoreProblemWriter.WriteLines(context, report.Problems, ProblemsPrintedPerKind);
            }

            return report.IsClean ? ExitCodes.Success : ExitCodes.StoreDamaged;
        });
        return command;
    }
}
