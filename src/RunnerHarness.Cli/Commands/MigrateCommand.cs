using System.CommandLine;
using System.Globalization;
using RunnerHarness.Aggregation;
using RunnerHarness.Cli.Options;
using RunnerHarness.Cli.Rendering;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Commands;

/// <summary><c>migrate</c>: rewrites the whole store in one format, losslessly, and proves it.</summary>
public static class MigrateCommand
{
    private const string Description = """
        Rewrites every sealed file into one format, losslessly. Before any old file is removed, the
        fingerprint of the new files (record count and a digest of every value of every record) must
        equal the store's; otherwise nothing is removed and the exit code is 7. A damaged file is kept
        and reported, as by compact; a file that cannot be read (permissions) stops the migration with
        nothing removed and exit code 5, naming the file: its records could not be proven. Readers read both
        formats, so migrating is never needed to see history; it makes a store uniform. The records'
        transcripts (transcripts/) are rewritten into the same format, each message read back first.
        On a URL store (--store az://... or s3://...) it migrates this machine's synced mirror, uploads
        the new files, and only then deletes the objects they replace (conditional deletes).

        Examples:
          runner-harness migrate --to parquet
          runner-harness migrate --to json --store ./old-store --json
          runner-harness migrate --to parquet --store s3://team-results/workflowbench
        """;

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var store = StoreOption.Create();
        var to = FormatOption.Create("--to", "The format to rewrite the store in.");
        to.Required = true;
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var command = new Command("migrate", Description) { store, to, json };
        command.SetAction(parse =>
        {
            var layout = StoreMaintenance.Existing(context, parse.GetValue(store), forWriting: true);
            var target = FormatOption.Parse(parse.GetValue(to), "--to")!.Value;
            var result = StoreMaintenance.Write(() => FileProgress.Run(context, "Migrating", progress => new StoreMigrator(layout, SampleHoldings.Rule).Migrate(target, progress)));

            // A URL store gets the rewritten files first, then loses the objects they replace.
            context.PublishStore(layout.Root);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Out, w =>
                {
                    w.WriteString("store", context.StoreName(layout.Root));
                    w.WriteString("format", target.ToString().ToLowerInvariant());
                    w.WriteNumber("records", result.After.Records);
                    w.WriteBoolean("verified", result.Before == result.After);
                    w.WriteNumber("files_written", result.Compaction.FilesWritten.Count);
                    w.WriteNumber("files_removed", result.Compaction.FilesRead.Count);
                    StoreProblemWriter.WriteJson(w, "problems", result.Compaction.Problems);
                });
            }
            else
            {
                context.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Migrated {result.After.Records} records to {target.ToString().ToLowerInvariant()} in {result.Compaction.FilesWritten.Count} files; verified: every record and value is unchanged."));
                StoreProblemWriter.WriteLines(context, result.Compaction.Problems);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
