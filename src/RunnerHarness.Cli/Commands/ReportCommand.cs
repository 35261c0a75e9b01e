using System.CommandLine;
using System.Text;
using RunnerHarness.Cli.Options;
using RunnerHarness.Cli.Rendering;
using RunnerHarness.Export;
using RunnerHarness.Reporting;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using Spectre.Console;

namespace RunnerHarness.Cli.Commands;

/// <summary><c>report</c>: the cumulative view of the store, grouped by any dimensions, in any report format.</summary>
public static class ReportCommand
{
    private const string Description = """
        The cumulative view of the store: per group, model results (full + partial successes + failures),
        success rates with 95% Wilson intervals, weighted score, means and error categories. Skipped tests
        and infrastructure failures are counted apart and left out of every rate.

        Examples:
          runner-harness report --store ./store
          runner-harness report --group-by model,difficulty --model gpt-4o-mini --since 2025-08-01
          runner-harness report --format markdown >> "$GITHUB_STEP_SUMMARY"
          runner-harness report --format html --output report.html
          runner-harness report --json --where provider=openai --run run-42
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
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file (atomically) instead of standard output.", HelpName = "FILE" };
        var json = new Option<bool>("--json") { Description = "Machine-readable output: the same as --format json." };
        var title = new Option<string>("--title") { Description = "The report title.", DefaultValueFactory = _ => "RunnerHarness report" };
        var filters = new FilterOptions();

        var command = new Command("report", Description);
        command.Options.Add(store);
        command.Options.Add(groupBy);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(json);
        command.Options.Add(title);
        filters.AddTo(command);
        command.SetAction(parse =>
        {
            var dimensions = GroupByOption.Parse(parse.GetValue(groupBy), GroupByOption.Default);
            var outputPath = parse.GetValue(output);
            var formatName = FormatName(parse.GetValue(json), parse.GetResult(format)?.Implicit == false ? parse.GetValue(format)! : null, outputPath);
            var (filter, descriptions) = filters.Build(parse);
            var records = StoreRecords.Open(context, context.ResolveStore(parse.GetValue(store)));
            var report = Build(context, records, dimensions, filter, descriptions, parse.GetValue(title)!);
            if (formatName == "console")
            {
                new ReportConsoleRenderer(context.Console, context.PlainOutput).Render(report);
                return ExitCodes.Success;
            }

            var writer = ReportWriters.For(formatName)!;
            if (outputPath is null)
            {
                writer.Write(report, context.Out);
                return ExitCodes.Success;
            }

            var path = context.ResolvePath(outputPath);
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

            context.WriteError($"Wrote the {formatName} report ({report.View.Totals.Records} records, {report.View.Groups.Count} groups) to {path}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The report of <paramref name="records"/> that pass <paramref name="filter"/>, grouped by <paramref name="dimensions"/>;
    /// store problems and unknown dimensions are warned about on standard error. Other commands that end in a
    /// report (<c>run</c>) call this, so their report is the one <c>report</c> gives.
    /// </summary>
    internal static Report Build(CliContext context, StoreRecords records, IReadOnlyList<string> dimensions, RecordFilter filter, IReadOnlyList<string> descriptions, string title)
    {
        var builder = new ReportBuilder(dimensions);
        foreach (var record in records.Read(builder.Columns, filter))
        {
            builder.Add(record);
        }

        var report = builder.Build(title, context.Clock.GetUtcNow(), records.Root, descriptions, records.ReportProblems());
        WarnAboutUnknownDimensions(context, report);
        return report;
    }

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
