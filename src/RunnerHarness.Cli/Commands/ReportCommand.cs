using System.CommandLine;
using System.Text;
using RunnerHarness.Aggregation;
using RunnerHarness.Cli.Options;
using RunnerHarness.Cli.Rendering;
using RunnerHarness.Cli.Stores;
using RunnerHarness.Export;
using RunnerHarness.Reporting;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.Transcripts;
using Spectre.Console;

namespace RunnerHarness.Cli.Commands;

/// <summary><c>report</c>: the cumulative view of the store, grouped by any dimensions, in any report format.</summary>
public static class ReportCommand
{
    private static readonly string Description = $"""
        The cumulative view of the store: per group, model results (full + partial successes + failures),
        success rates with 95% Wilson intervals, weighted score, means and error categories. Skipped tests
        and infrastructure failures are counted apart and left out of every rate.

        The console report is a summary that fits 100 columns: per model, then success by model x difficulty, then
        the error categories. --detail or --group-by gives the full table.
        Without --store: ${HarnessSettingDefinitions.StorePath.EnvironmentVariable}, else ./{HarnessSettings.DefaultStoreDirectoryName}, else the only store below the current folder.

        Examples:
          runner-harness report
          runner-harness report --detail --store ./store
          runner-harness report --open
          runner-harness report --group-by model,difficulty --model gpt-4o-mini --since 2025-08-01
          runner-harness report --format markdown >> "$GITHUB_STEP_SUMMARY"
          runner-harness report --format html --output report.html --force
          runner-harness report --json --where provider=openai --run run-42
          runner-harness report --by-run --model gpt-4o-mini
        """;

    // The console, then every report writer's format: a new writer is a new --format value without an edit here.
    private static readonly string[] Formats = ["console", .. ReportWriters.All.Select(w => w.FormatName)];

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var store = StoreOption.Create();
        var groupBy = GroupByOption.Create(GroupByOption.Describe(GroupByOption.Default));
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format. With --output and no --format, taken from the file extension (.md, .json, .csv, .html).",
            DefaultValueFactory = _ => "console",
            HelpName = "FORMAT",
        };
        // Not AcceptOnlyFromAmong: its error names the bad value but not the option it was given to.
        format.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && !Formats.Contains(value, StringComparer.Ordinal))
            {
                result.AddError($"--format '{value}' is not a report format; valid: {string.Join(", ", Formats)}.");
            }
        });
        format.CompletionSources.Add(Formats);
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write the report to this file (atomically) instead of standard output. An existing file is replaced only with --force; a path inside the store is refused.",
            HelpName = "FILE",
        };
        var force = new Option<bool>("--force") { Description = "Replace an existing --output file." };
        var json = new Option<bool>("--json") { Description = "Machine-readable output: the same as --format json." };
        var detail = new Option<bool>("--detail") { Description = "The console report's full table, grouped by --group-by (default: every default dimension), instead of the summary." };
        var open = new Option<bool>("--open")
        {
            Description = "Write the HTML report (to --output, else to a new private folder in the temp folder) and open it in the default browser. Implies --format html.",
        };
        var byRun = new Option<bool>("--by-run")
        {
            Description = "Trends: each model's success rate per run (runs in time order, by their earliest finished_at) with 95% Wilson intervals, " +
                "and a flag where a run differs significantly from the model's run before it (McNemar's exact test on the items both runs answered, " +
                "else the unpaired test; p-values adjusted by Benjamini-Hochberg). On the console, or as JSON with --json; the HTML report always has this section.",
        };
        var samples = new Option<int>("--samples")
        {
            Description = $"The HTML report embeds up to this many records whole, to filter and open one by one, with their transcripts (up to {ReportTranscripts.DefaultMaxBytes / (1024 * 1024)} MiB of them); past it, the page shows the aggregated figures only and says so. 0 embeds none and reads no transcript. Default {ReportSamples.DefaultLimit:N0}.",
            DefaultValueFactory = _ => ReportSamples.DefaultLimit,
            HelpName = "N",
        };
        samples.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError($"--samples {result.GetValueOrDefault<int>()} is negative; give 0 (aggregated figures only) or more.");
            }
        });
        var title = new Option<string>("--title") { Description = "The report title.", DefaultValueFactory = _ => "RunnerHarness report" };
        var filters = new FilterOptions();

        var command = new Command("report", Description);
        command.Options.Add(store);
        command.Options.Add(groupBy);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(force);
        command.Options.Add(json);
        command.Options.Add(detail);
        command.Options.Add(open);
        command.Options.Add(byRun);
        command.Options.Add(samples);
        command.Options.Add(title);
        filters.AddTo(command);
        command.SetAction(parse =>
        {
            var dimensions = GroupByOption.Parse(parse.GetValue(groupBy), GroupByOption.Default);
            var outputPath = parse.GetValue(output);
            var opening = parse.GetValue(open);
            var explicitFormat = parse.GetResult(format)?.Implicit == false ? parse.GetValue(format)! : null;
            var formatName = opening ? OpenFormat(parse.GetValue(json), explicitFormat) : FormatName(parse.GetValue(json), explicitFormat, outputPath);
            var (filter, descriptions) = filters.Build(parse);
            var storeRoot = context.FindStore(parse.GetValue(store));
            var outputFile = outputPath is null ? null : context.ResolvePath(outputPath);
            if (outputFile is not null)
            {
                OutputTarget.CheckFile(outputFile, storeRoot, parse.GetValue(force));
            }

            var trends = parse.GetValue(byRun);
            if (trends && (outputPath is not null || formatName is not ("console" or "json")))
            {
                throw new CommandFailedException(ExitCodes.UsageError,
                    $"--by-run prints the trends on the console or, with --json, as JSON on standard output; the {formatName} format has no trends section (the HTML report always shows them). Leave out --by-run or --format/--output.");
            }

            var records = StoreRecords.Open(context, storeRoot);
            var report = Build(context, records, dimensions, filter, descriptions, parse.GetValue(title)!, formatName == "html" ? parse.GetValue(samples) : null);
            if (trends)
            {
                if (formatName == "json")
                {
                    TrendJsonWriter.Write(context.Out, report.Trends);
                }
                else
                {
                    new TrendConsoleRenderer(context.Console, context.PlainOutput).Render(report);
                }

                return ExitCodes.Success;
            }

            if (formatName == "console")
            {
                var showDetail = parse.GetValue(detail) || parse.GetResult(groupBy) is { Implicit: false };
                new ReportConsoleRenderer(context.Console, context.PlainOutput).Render(report, showDetail);
                return ExitCodes.Success;
            }

            var writer = ReportWriters.For(formatName)!;
            if (outputPath is null && !opening)
            {
                writer.Write(report, context.Out);
                return ExitCodes.Success;
            }

            var path = outputFile ?? TemporaryReportPath(context, records.Root);
            Write(writer, report, path);
            context.WriteError($"Wrote the {formatName} report ({report.View.Totals.Records} records, {report.View.Groups.Count} groups) to {path}");
            if (opening)
            {
                Open(context, path);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The report of <paramref name="records"/> that pass <paramref name="filter"/>, grouped by <paramref name="dimensions"/>;
    /// store problems and unknown dimensions are warned about on standard error. Other commands that end in a
    /// report (<c>run</c>) call this, so their report is the one <c>report</c> gives.
    /// </summary>
    internal static Report Build(CliContext context, StoreRecords records, IReadOnlyList<string> dimensions, RecordFilter filter, IReadOnlyList<string> descriptions, string title, int? sampleLimit = null)
    {
        var builder = new ReportBuilder(dimensions, sampleLimit);
        var itemVersions = new ItemVersionCheck();

        // No projection (null) when samples are embedded: the report then reads every column anyway.
        var columns = builder.Columns is { } projected ? projected.Union(ItemVersionCheck.Columns, StringComparer.Ordinal) : null;
        // The aggregations read no record_id (unless grouping by it), so a store proven to hold each id once is read without them.
        if (builder.FoldsRowGroups && filter.IsEmpty)
        {
            // Proven Parquet files come as whole row groups, folded from their columns (docs/performance.md); the rest as records.
            foreach (var chunk in records.ReadChunks(columns, filter, recordIds: false))
            {
                if (chunk.RowGroup is { } rowGroup)
                {
                    builder.Add(rowGroup);
                    itemVersions.Add(rowGroup);
                }
                else
                {
                    builder.Add(chunk.Record!);
                    itemVersions.Add(chunk.Record!);
                }
            }
        }
        else
        {
            foreach (var record in records.Read(columns, filter, recordIds: false))
            {
                builder.Add(record);
                itemVersions.Add(record);
            }
        }

        IReadOnlyList<string> notes = [.. records.ReportProblems(), .. ItemVersionWarnings.Write(context, records, filter, itemVersions)];
        var report = builder.Build(title, context.Clock.GetUtcNow(), records.Name, descriptions, notes);
        WarnAboutUnknownDimensions(context, report);
        return WithTranscripts(context, records, report);
    }

    // The transcripts of the embedded samples only: a report that embeds none (--samples 0, or a format other than
    // HTML) opens no transcript file at all.
    private static Report WithTranscripts(CliContext context, StoreRecords records, Report report)
    {
        var embedded = report.Samples.Records;
        if (embedded.Count == 0)
        {
            return report;
        }

        var reader = new TranscriptReader(new StoreLayout(records.Root));
        var stored = reader.Read(embedded.Select(r => r.RecordId));
        var problems = reader.Problems.Select(p => $"Transcripts: {p}").ToList();
        foreach (var problem in problems)
        {
            context.WriteError($"warning: {problem}");
        }

        return report with { Transcripts = ReportTranscripts.Take(embedded, stored), Notes = [.. report.Notes, .. problems] };
    }

    private static void Write(IReportWriter writer, Report report, string path)
    {
        try
        {
            SegmentExporter.WriteAtomically(path, stream =>
            {
                using var text = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
                writer.Write(report, text);
                return 0;
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException(ExitCodes.OutputError, $"Writing {path} failed: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// A file named after the store and the time in a new folder of its own under the temp folder, so reports opened
    /// earlier stay as they were. The folder is made fresh, with a random name and owner-only permissions (0700, as
    /// <c>mkdtemp</c> makes it): a shared, fixed folder could be made beforehand by another user of the machine, who could
    /// then replace the report before the browser opens it.
    /// </summary>
    private static string TemporaryReportPath(CliContext context, string storeRoot)
    {
        var directory = Directory.CreateTempSubdirectory("runner-harness-report-").FullName;
        var stamp = context.Clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        return Path.Combine(directory, $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(storeRoot))}-{stamp}.html");
    }

    /// <summary>Opens the written report; a machine without a browser keeps the file and is told where it is.</summary>
    private static void Open(CliContext context, string path)
    {
        try
        {
            context.OpenFile(path);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            throw new CommandFailedException(ExitCodes.OutputError, $"The report is at {path}, but no browser could be opened for it: {ex.Message}", ex);
        }
    }

    private static string OpenFormat(bool json, string? explicitFormat) =>
        json || explicitFormat is not (null or "html")
            ? throw new CommandFailedException(ExitCodes.UsageError, $"--open opens an HTML report; it conflicts with {(json ? "--json" : "--format " + explicitFormat)}.")
            : "html";

    private static string FormatName(bool json, string? explicitFormat, string? outputPath)
    {
        if (json)
        {
            return explicitFormat is null or "json" ? "json"
                : throw new CommandFailedException(ExitCodes.UsageError, $"--json conflicts with --format {explicitFormat}.");
        }

        if (explicitFormat is not null)
        {
            return explicitFormat == "console" && outputPath is not null
                ? throw new CommandFailedException(ExitCodes.UsageError, $"--format console writes to the terminal; choose {string.Join(", ", Formats[1..])} with --output.")
                : explicitFormat;
        }

        if (outputPath is null)
        {
            return "console";
        }

        return ReportWriters.ForFile(outputPath)?.FormatName
            ?? throw new CommandFailedException(ExitCodes.UsageError, $"Cannot tell the format of {outputPath} from its extension; pass --format {string.Join('|', Formats[1..])}.");
    }

    private static void WarnAboutUnknownDimensions(CliContext context, Report report)
    {
        var view = report.View;
        for (var i = 0; i < view.Dimensions.Count; i++)
        {
            if (!RecordDimensions.IsColumn(view.Dimensions[i]) && view.Groups.Count > 0 && view.Groups.All(g => g.Key[i] is null))
            {
                context.WriteError(
                    $"warning: no record has the dimension '{view.Dimensions[i]}'; columns are {string.Join(", ", RecordDimensions.ColumnNames.Order(StringComparer.Ordinal))}, other names are custom dimensions.");
            }
        }
    }
}
