using System.CommandLine;
using System.Text.Json;
using System.Text;
using RunnerHarness.Aggregation;
using RunnerHarness.Cli.Options;
using RunnerHarness.Cli.Rendering;
using RunnerHarness.Cli.Stores;
using RunnerHarness.Export;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.Transcripts;
using Spectre.Console;

namespace RunnerHarness.Cli.Commands;

/// <summary><c>export</c>: records as JSON Lines, CSV or Parquet (one file or a partitioned dataset), or the seed's master_database.json.</summary>
public static class ExportCommand
{
    private const string Description = """
        Exports the selected records: jsonl and parquet through the store's own segment writers (one file,
        or with --partition-by a Hive-style dataset DIR/model=.../part-00000.parquet that DuckDB, Spark,
        pandas and Trino read as one table), csv with every column, or master-database: the seed's
        master_database.json format 3.0 hierarchy computed from the records, for the old analysis scripts,
        or store: a copy of the whole store's sealed files between a URL store (az://CONTAINER/PREFIX,
        s3://BUCKET/PREFIX) and a local folder, either way (--output a folder or a URL; docs/store.md),
        every file checked against its checksum, nothing replaced (a partial copy resumes).
        Files appear only when complete. --transcripts PATH also writes the transcripts of the exported
        records as JSON Lines (docs/transcripts.md), which import --transcripts reads back.

        Examples:
          runner-harness export --format jsonl --output all.jsonl
          runner-harness export --format parquet --partition-by model --output dataset/
          runner-harness export --format csv --model gpt-4o-mini --output gpt-4o-mini.csv
          runner-harness export --format master-database --output master_database.json
          runner-harness export --format jsonl --output all.jsonl --transcripts all.transcripts.jsonl
          runner-harness export --format store --store az://results/workflowbench --output ./local-copy
          runner-harness export --format store --store ./runner-harness-store --output s3://team-results/workflowbench
        """;

    private static readonly string[] Formats = ["jsonl", "csv", "parquet", "master-database", "store"];

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var store = StoreOption.Create();
        var format = new Option<string>("--format", "-f") { Description = "jsonl, csv, parquet, master-database, or store (a copy of the whole store to or from a URL store).", Required = true, HelpName = "FORMAT" };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<string>("--output", "-o") { Description = "The file to write, or the dataset directory with --partition-by; never inside the store. With --format store: a folder or a store URL.", Required = true, HelpName = "PATH" };
        var partitionBy = new Option<string?>("--partition-by") { Description = "Write a dataset partitioned by this column (jsonl or parquet), e.g. model.", HelpName = "COLUMN" };
        var force = new Option<bool>("--force") { Description = "Replace an existing output file (a dataset directory must not exist or be empty)." };
        var json = new Option<bool>("--json") { Description = "Print what was written as JSON." };
        var transcripts = new Option<string?>("--transcripts") { Description = "Also write the transcripts of the exported records to this JSON Lines file; never inside the store.", HelpName = "PATH" };
        var filters = new FilterOptions();

        var command = new Command("export", Description);
        command.Options.Add(store);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(partitionBy);
        command.Options.Add(force);
        command.Options.Add(json);
        command.Options.Add(transcripts);
        filters.AddTo(command);
        command.SetAction(parse =>
        {
            var formatName = parse.GetValue(format)!;
            if (formatName == "store")
            {
                if (parse.GetValue(partitionBy) is not null || parse.GetValue(transcripts) is not null || filters.Build(parse).Descriptions.Count > 0)
                {
                    throw new CommandFailedException(ExitCodes.UsageError, "--format store copies the whole store (its transcripts and summaries too): it takes no filters, --partition-by or --transcripts.");
                }

                return StoreExport.Run(context, parse.GetValue(store), parse.GetValue(output)!, parse.GetValue(json));
            }

            var path = context.ResolvePath(parse.GetValue(output)!);
            var partition = parse.GetValue(partitionBy);
            if (partition is not null && formatName is not ("jsonl" or "parquet"))
            {
                throw new CommandFailedException(ExitCodes.UsageError, "--partition-by works with --format jsonl or parquet.");
            }

            if (partition is not null && SegmentExporter.PartitionColumnProblem(partition) is { } problem)
            {
                throw new CommandFailedException(ExitCodes.UsageError, $"--partition-by {problem}");
            }

            CheckOutput(path, partition is not null, parse.GetValue(force));
            var transcriptsPath = parse.GetValue(transcripts) is { } t ? context.ResolvePath(t) : null;
            if (transcriptsPath is not null && formatName == "master-database")
            {
                throw new CommandFailedException(ExitCodes.UsageError, "--transcripts works with --format jsonl, parquet or csv: master-database holds aggregates, no records to key transcripts by.");
            }

            if (transcriptsPath is not null)
            {
                CheckOutput(transcriptsPath, dataset: false, parse.GetValue(force));
            }

            var (filter, _) = filters.Build(parse);
            var storeRoot = context.FindStore(parse.GetValue(store));
            OutputTarget.CheckOutsideStore(path, storeRoot);
            if (transcriptsPath is not null)
            {
                OutputTarget.CheckOutsideStore(transcriptsPath, storeRoot);
            }

            var opened = StoreRecords.Open(context, storeRoot);
            var exported = new HashSet<string>(RecordIdComparer.Instance);
            var records = transcriptsPath is null ? opened : opened.Collecting(exported);
            long written;
            var files = 1;
            try
            {
                switch (formatName)
                {
                    case "csv":
                        written = SegmentExporter.WriteAtomically(path, stream =>
                        {
                            using var text = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                            var csv = new RecordCsvWriter(text);
                            csv.WriteHeader();
                            foreach (var record in records.Read(null, filter))
                            {
                                csv.Write(record);
                            }

                            return csv.Written;
                        });
                        break;
                    case "master-database":
                        var aggregator = new CumulativeAggregator(CumulativeGrouping.Default);
                        written = 0;
                        foreach (var record in records.Read(MasterDatabaseWriter.Columns, filter))
                        {
                            aggregator.Add(record);
                            written++;
                        }

                        var view = aggregator.Build();
                        SegmentExporter.WriteAtomically(path, stream =>
                        {
                            MasterDatabaseWriter.Write(view, stream, context.Clock.GetUtcNow());
                            return 0;
                        });
                        break;
                    default:
                        var storage = formatName == "parquet" ? StorageFormat.Parquet : StorageFormat.Json;
                        if (partition is null)
                        {
                            written = SegmentExporter.WriteFile(records.Read(null, filter), storage, path);
                        }
                        else
                        {
                            (written, files) = SegmentExporter.WritePartitioned(records.Read(null, filter), storage, path, partition);
                        }

                        break;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CommandFailedException(ExitCodes.OutputError, $"Writing {path} failed: {ex.Message}", ex);
            }

            long messages = 0;
            if (transcriptsPath is not null)
            {
                try
                {
                    messages = SegmentExporter.WriteAtomically(transcriptsPath, stream =>
                        TranscriptExporter.WriteJsonLines(new StoreLayout(storeRoot), exported.Contains, stream, p => context.WriteError($"warning: {p}")));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new CommandFailedException(ExitCodes.OutputError, $"Writing {transcriptsPath} failed: {ex.Message}", ex);
                }
            }

            records.ReportProblems();
            if (parse.GetValue(json))
            {
                WriteJson(context.Out, formatName, path, written, files, transcriptsPath, messages);
            }
            else
            {
                context.WriteLine($"Exported {written} records as {formatName} to {path}{(partition is null ? string.Empty : $" ({files} files)")}.");
                if (transcriptsPath is not null)
                {
                    context.WriteLine($"Exported {messages} transcript messages of those records to {transcriptsPath}.");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void CheckOutput(string path, bool dataset, bool force)
    {
        if (dataset)
        {
            if (File.Exists(path) || (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any()))
            {
                throw new CommandFailedException(ExitCodes.UsageError, $"The dataset directory {path} exists and is not empty; choose a new one.");
            }
        }
        else if (Directory.Exists(path) || (File.Exists(path) && !force))
        {
            throw new CommandFailedException(ExitCodes.UsageError, $"{path} exists; pass --force to replace the file.");
        }
    }

    private static void WriteJson(TextWriter output, string format, string path, long records, int files, string? transcriptsPath, long messages)
    {
        JsonOutput.Write(output, json =>
        {
        json.WriteString("format", format);
        json.WriteString("output", path);
        json.WriteNumber("records", records);
        json.WriteNumber("files", files);
        if (transcriptsPath is not null)
        {
            json.WriteString("transcripts", transcriptsPath);
            json.WriteNumber("transcript_messages", messages);
        }
        });
    }
}
