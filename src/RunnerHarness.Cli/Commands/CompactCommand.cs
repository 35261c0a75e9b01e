using System.CommandLine;
using System.Globalization;
using RunnerHarness.Aggregation;
using RunnerHarness.Cli.Options;
using RunnerHarness.Cli.Rendering;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Commands;

/// <summary><c>compact</c>: seals dead writers' logs and merges small files into few large ones.</summary>
public static class CompactCommand
{
    private const string Description = """
        Seals the logs of writers that died, then merges the sealed files into few large ones
        (per format, or all into --to), dropping repeated records. Safe while tests write and
        reports read: merged files appear before their sources go, so no record is ever missing.
        Files with damage are kept in place and reported, never deleted. The records' transcripts
        (transcripts/) are merged the same way, into the same format.
        On a URL store (--store az://... or s3://...) it compacts this machine's synced mirror, uploads
        the merged files, and only then deletes the objects they replace: only objects its own sync
        listed, each if its ETag is unchanged; what other machines write meanwhile is never deleted.
        If another machine's compaction of the same objects uploaded its merged files before this one
        began uploading and they hold every record of one of this one's, that file is deleted again.

        Examples:
          runner-harness compact --store ./runner-harness-store
          runner-harness compact --to parquet --json
          runner-harness compact --store az://results/workflowbench
        """;

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var store = StoreOption.Create();
        var to = FormatOption.Create("--to", "Merge every file into this format. Default: each file keeps its own format.");
        var perFile = new Option<int>("--records-per-file") { Description = "At most this many records per merged file.", DefaultValueFactory = _ => 250_000, HelpName = "N" };
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var command = new Command("compact", Description) { store, to, perFile, json };
        command.SetAction(parse =>
        {
            if (parse.GetValue(perFile) < 1)
            {
                throw new CommandFailedException(ExitCodes.UsageError, $"--records-per-file must be 1 or more, not {parse.GetValue(perFile)}.");
            }

            var layout = StoreMaintenance.Existing(context, parse.GetValue(store), forWriting: true);
            var target = FormatOption.Parse(parse.GetValue(to), "--to");
            var result = StoreMaintenance.Write(() => FileProgress.Run(context, "Compacting", progress =>
                new StoreCompactor(layout, SampleHoldings.Rule).Compact(new CompactionOptions { TargetFormat = target, RecordsPerFile = parse.GetValue(perFile), Progress = progress })));

            // A URL store gets the merged files first, then loses the objects they replace (never one listed after its sync).
            context.PublishStore(layout.Root);
            Write(context, parse.GetValue(json), layout, result);
            return ExitCodes.Success;
        });
        return command;
    }

    internal static void Write(CliContext context, bool json, StoreLayout layout, CompactionResult result)
    {
        if (json)
        {
            JsonOutput.Write(context.Out, w =>
            {
                w.WriteString("store", context.StoreName(layout.Root));
                w.WriteNumber("files_merged", result.FilesRead.Count);
                w.WriteNumber("files_written", result.FilesWritten.Count);
                w.WriteNumber("files_kept", result.FilesKept.Count);
                w.WriteNumber("records", result.Records);
                w.WriteNumber("duplicates_removed", result.DuplicatesRemoved);
                w.WriteNumber("transcript_files_merged", result.TranscriptFilesRead.Count);
                w.WriteNumber("transcript_files_written", result.TranscriptFilesWritten.Count);
                StoreProblemWriter.WriteJson(w, "problems", result.Problems);
            });
            return;
        }

        context.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Merged {result.FilesRead.Count} files into {result.FilesWritten.Count} ({result.Records} records, {result.DuplicatesRemoved} repeats dropped); kept {result.FilesKept.Count} damaged files."));
        if (result.TranscriptFilesRead.Count > 0)
        {
            context.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Merged {result.TranscriptFilesRead.Count} transcript files into {result.TranscriptFilesWritten.Count}; every message read back before a source was removed."));
        }
        StoreProblemWriter.WriteLines(context, result.Problems);
    }
}
