using System.CommandLine;
using System.Globalization;
using RunnerHarness.Cli.Options;
using RunnerHarness.Cli.Rendering;
using RunnerHarness.Interop;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Commands;

/// <summary><c>import</c>: brings the seed's master_database.json or other tools' JSON Lines into the store.</summary>
public static class ImportCommand
{
    private const string Description = """
        Imports a file into the store.
          --kind master-database  the seed's master_database.json (format 3.0). It holds aggregates only,
                                  so each leaf is rebuilt as records marked reconstructed=true: counts,
                                  error categories and means survive; per-test detail does not (lossy).
          --kind jsonl            JSON Lines with some of the record's columns (snake_case), e.g. from
                                  another tool. Lines without record_id get one derived from their content.
                                  A name that is not a column, or a line over 64 MiB, refuses the import.
          --transcripts FILE      jsonl: the records' transcripts (export --transcripts writes them), stored
                                  beside their records; a transcript of no record of the input refuses the import.
        Importing the same file twice adds nothing: a record stored already with the same content (every column
        but run_id, host, process_id, shard) is skipped and counted, keeping the run it was stored with; so is a
        line repeating an earlier line's id and content. Lines or leaves that cannot be imported are reported.
        The input is parsed once, into sealed files of up to 100,000 records (no write-ahead log) staged under
        the store's tmp/ and renamed into place only after the whole input checked clean: a refused import
        leaves nothing; a killed one leaves each file whole or absent; import the file again to finish it.
        When some of its records are stored already, the staged files are dropped and the others are written
        from a second read.
        The file may be a pipe (/dev/stdin, <(...)): it is read once, into the store's tmp/ first.
        Record ids are compared as readers compare them (a UUID in any case is one id), under a lock that
        concurrent imports of the store share: ids stored with other content refuse the import (exit 10).
        On a URL store (--store az://... or s3://...) it imports into this machine's synced mirror and
        uploads the new sealed files (conditional creates, never replacing an object).

        Examples:
          runner-harness import master_database.json --kind master-database
          runner-harness import results.jsonl --kind jsonl --format parquet --run imported-2025
          other-tool --emit-jsonl | runner-harness import /dev/stdin --kind jsonl
          runner-harness import all.jsonl --kind jsonl --transcripts all.transcripts.jsonl
        """;

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The file to import." };
        var store = StoreOption.CreateForWriting();
        store.Description += " " + StoreOption.UrlHelp;
        store.HelpName = "DIR|URL";
        var kind = new Option<string>("--kind") { Description = "What the file is: master-database or jsonl.", Required = true, HelpName = "master-database|jsonl" };
        var format = FormatOption.Create("--format", $"The format to seal the imported records in. Default: ${HarnessSettingDefinitions.StorageFormat.EnvironmentVariable}, else json.");
        var run = new Option<string?>("--run")
        {
            Description = "The run id of the imported records, replacing any run_id the lines carry. Default: import-<time> for lines without one; lines with one keep it.",
            HelpName = "ID",
        };
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var defaults = new MasterDatabaseImportLimits();
        var maxRecords = new Option<long>("--max-records") { Description = $"master-database: the most records the import may rebuild. Default: {defaults.MaxRecords}.", DefaultValueFactory = _ => defaults.MaxRecords, HelpName = "N" };
        var maxBytes = new Option<long>("--max-file-bytes") { Description = $"master-database: the largest file read. Default: {defaults.MaxFileBytes}.", DefaultValueFactory = _ => defaults.MaxFileBytes, HelpName = "BYTES" };
        var transcripts = new Option<string?>("--transcripts") { Description = "jsonl: a JSON Lines file of the records' transcripts (as export --transcripts writes), stored beside them.", HelpName = "FILE" };
        var command = new Command("import", Description) { file, store, kind, format, run, json, maxRecords, maxBytes, transcripts };
        command.SetAction(parse =>
        {
            var path = context.ResolvePath(parse.GetValue(file)!);
            var layout = new StoreLayout(context.ResolveStoreForWriting(parse.GetValue(store)));
            var storageFormat = FormatOption.Parse(parse.GetValue(format), "--format")
                ?? FormatOption.Parse(context.Environment(HarnessSettingDefinitions.StorageFormat.EnvironmentVariable), $"environment variable {HarnessSettingDefinitions.StorageFormat.EnvironmentVariable}")
                ?? StorageFormat.Json;
            var explicitRun = parse.GetValue(run);
            var runId = explicitRun ?? "import-" + RunIdentity.NewRunId(context.Clock);
            if (!RunIdentity.IsValidRunId(runId))
            {
                throw new CommandFailedException(ExitCodes.UsageError, $"--run '{runId}' is not a valid run id: use 1 to 100 letters, digits, '.', '_' or '-'.");
            }

            var limits = new MasterDatabaseImportLimits { MaxRecords = parse.GetValue(maxRecords), MaxFileBytes = parse.GetValue(maxBytes) };
            if (limits.MaxRecords < 1 || limits.MaxFileBytes < 1)
            {
                throw new CommandFailedException(ExitCodes.UsageError, $"--max-records and --max-file-bytes must be 1 or more, not {limits.MaxRecords} and {limits.MaxFileBytes}.");
            }

            var transcriptsPath = parse.GetValue(transcripts) is { } t ? context.ResolvePath(t) : null;
            if (transcriptsPath is not null && parse.GetValue(kind) != "jsonl")
            {
                throw new CommandFailedException(ExitCodes.UsageError, "--transcripts works with --kind jsonl: a master_database.json holds aggregates, no records to key transcripts by.");
            }

            var result = StoreMaintenance.Write(() => Import(parse.GetValue(kind)!, path, layout, runId, explicitRun is not null, storageFormat, limits, transcriptsPath));

            // A URL store gets the sealed files the import wrote into its mirror (conditional creates).
            context.PublishStore(layout.Root);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Out, w =>
                {
                    w.WriteString("store", context.StoreName(layout.Root));
                    w.WriteString("run_id", runId);
                    w.WriteNumber("records", result.Records);
                    w.WriteNumber("run_ids_replaced", result.RunIdsReplaced);
                    w.WriteNumber("run_ids_kept", result.RunIdsKept);
                    w.WriteNumber("already_stored", result.AlreadyStored);
                    w.WriteNumber("repeated_in_input", result.RepeatedInInput);
                    StoreProblemWriter.WriteJson(w, "problems", result.Problems);
                });
            }
            else
            {
                var runs = result.RunIdsReplaced > 0 ? $" (--run replaced the run_id of {result.RunIdsReplaced} lines)"
                    : result.RunIdsKept > 0 ? $" ({result.RunIdsKept} lines kept the run_id they carry)"
                    : string.Empty;
                context.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Imported {result.Records} records from {path} into {context.StoreName(layout.Root)} as run {runId}{runs}."));
                if (result.AlreadyStored > 0)
                {
                    context.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.AlreadyStored} records were stored already with the same content and were skipped: they keep the run they were stored with."));
                }

                if (result.RepeatedInInput > 0)
                {
                    context.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.RepeatedInInput} records repeated the id and content of an earlier one of the input and were skipped."));
                }
                StoreProblemWriter.WriteLines(context, result.Problems);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static ImportResult Import(string kind, string path, StoreLayout layout, string runId, bool replaceRunIds, StorageFormat format, MasterDatabaseImportLimits limits, string? transcriptsPath)
    {
        try
        {
            return kind switch
            {
                "master-database" => new MasterDatabaseImporter(layout).Import(path, runId, format, limits),
                "jsonl" => new JsonLinesImporter(layout).Import(path, runId, format, replaceRunIds, transcriptsPath),
                _ => throw new CommandFailedException(ExitCodes.UsageError, $"--kind '{kind}' is not known; valid: master-database, jsonl."),
            };
        }
        catch (FileNotFoundException ex)
        {
            throw new CommandFailedException(ExitCodes.UsageError, ex.Message, ex);
        }
        catch (FormatException ex)
        {
            throw new CommandFailedException(ExitCodes.UsageError, ex.Message, ex);
        }
        catch (ImportConflictException ex)
        {
            throw new CommandFailedException(ExitCodes.ImportRefused, ex.Message, ex);
        }
    }
}
