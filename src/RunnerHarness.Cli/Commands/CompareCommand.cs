using System.CommandLine;
using System.Globalization;
using RunnerHarness.Aggregation;
using RunnerHarness.Cli.Options;
using RunnerHarness.Cli.Rendering;
using RunnerHarness.Reporting;
using RunnerHarness.Schema;
using Spectre.Console;

namespace RunnerHarness.Cli.Commands;

/// <summary><c>compare</c>: a candidate against a baseline, per cell and overall, with significance tests and CI gates.</summary>
public static class CompareCommand
{
    private const string Description = """
        Compares the success rate of a candidate with a baseline, overall and per cell, with a two-sided
        test of two proportions (z-test, or Fisher's exact test when an expected count is below 5).
        A side is run:ID (or just ID), model:NAME, or range:FROM..TO (UTC finish times, either end open).
        Comparing two models leaves model out of the default cells.

        Examples:
          runner-harness compare run-41 run-42 --fail-on-regression
          runner-harness compare model:gpt-4o-mini model:gpt-5-mini --group-by prompt_type
          runner-harness compare range:2025-08-01..2025-08-08 range:2025-08-08.. --min-success-rate 0.7 --json
        """;

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var baselineArgument = new Argument<string>("baseline") { Description = "The baseline: run:ID, model:NAME or range:FROM..TO." };
        var candidateArgument = new Argument<string>("candidate") { Description = "The candidate, in the same forms." };
        var store = StoreOption.Create();
        var groupBy = GroupByOption.Create("model,prompt_type,tool_success_rate,difficulty,task_type (without model when comparing models)");
        var alpha = new Option<double>("--alpha")
        {
            Description = "The significance level: a change with a p-value below it is flagged.",
            DefaultValueFactory = _ => ViewComparison.DefaultSignificanceLevel,
        };
        var failOnRegression = new Option<bool>("--fail-on-regression") { Description = $"Exit with {ExitCodes.GateFailed} when the overall rate or any cell regressed significantly." };
        var minSuccessRate = new Option<string?>("--min-success-rate") { Description = $"Exit with {ExitCodes.GateFailed} when the candidate's overall success rate is below this (0.8 or 80%).", HelpName = "RATE" };
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var filters = new FilterOptions();

        var command = new Command("compare", Description);
        command.Arguments.Add(baselineArgument);
        command.Arguments.Add(candidateArgument);
        command.Options.Add(store);
        command.Options.Add(groupBy);
        command.Options.Add(alpha);
        command.Options.Add(failOnRegression);
        command.Options.Add(minSuccessRate);
        command.Options.Add(json);
        filters.AddTo(command);
        command.SetAction(parse =>
        {
            var baseline = ComparisonSide.Parse(parse.GetValue(baselineArgument)!, "baseline");
            var candidate = ComparisonSide.Parse(parse.GetValue(candidateArgument)!, "candidate");
            var byModel = baseline.Kind == ComparisonSide.Model || candidate.Kind == ComparisonSide.Model;
            var defaults = byModel ? CumulativeGrouping.Default.Where(d => d != RecordColumns.Model).ToArray() : CumulativeGrouping.Default;
            var dimensions = GroupByOption.Parse(parse.GetValue(groupBy), defaults);
            var level = parse.GetValue(alpha);
            if (!(level is > 0 and < 1))
            {
                throw new CommandFailedException(ExitCodes.UsageError, $"--alpha must be between 0 and 1, not {level.ToString(CultureInfo.InvariantCulture)}.");
            }

            var minimum = ParseRate(parse.GetValue(minSuccessRate));
            var (filter, _) = filters.Build(parse);
            var records = StoreRecords.Open(context, context.FindStore(parse.GetValue(store)));

            var baselineView = new CumulativeAggregator(dimensions);
            var candidateView = new CumulativeAggregator(dimensions);
            var columns = baselineView.Columns.Append(baseline.Column).Append(candidate.Column);

            // One pass: a record may belong to both sides (overlapping ranges) and then counts in both.
            foreach (var record in records.Read(columns, filter))
            {
                if (baseline.Matches(record))
                {
                    baselineView.Add(record);
                }

                if (candidate.Matches(record))
                {
                    candidateView.Add(record);
                }
            }

            records.ReportProblems();
            var (b, c) = (baselineView.Build(), candidateView.Build());
            foreach (var (side, view, name) in new[] { (baseline, b, "baseline"), (candidate, c, "candidate") })
            {
                if (view.Totals.Records == 0)
                {
                    throw new CommandFailedException(ExitCodes.NoData, $"The {name} ({side.Describe()}) has no records in {records.Root} with these filters.");
                }
            }

            var result = ViewComparison.Compare(b, c, level);
            var failedGates = new List<string>();
            if (parse.GetValue(failOnRegression) && result.HasRegression)
            {
                failedGates.Add("regression");
            }

            if (minimum is { } min && !(result.Overall.Candidate?.SuccessRate.Rate >= min))
            {
                failedGates.Add($"candidate success rate {ReportText.Percent(result.Overall.Candidate?.SuccessRate.Rate)} is below {ReportText.Percent(min)}");
            }

            if (parse.GetValue(json))
            {
                ComparisonJsonWriter.Write(context.Out, result, baseline.Describe(), candidate.Describe(), failedGates);
            }
            else
            {
                new ComparisonConsoleRenderer(context.Console, context.PlainOutput).Render(result, baseline.Describe(), candidate.Describe());
            }

            foreach (var gate in failedGates)
            {
                context.WriteError($"gate failed: {gate}");
            }

            return failedGates.Count > 0 ? ExitCodes.GateFailed : ExitCodes.Success;
        });
        return command;
    }

    private static double? ParseRate(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var percent = text.EndsWith('%');
        if (!double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new CommandFailedException(ExitCodes.UsageError, $"--min-success-rate '{text}' is not a rate; use 0.8 or 80%.");
        }

        value = percent ? value / 100 : value;
        return value is >= 0 and <= 1 ? value
            : throw new CommandFailedException(ExitCodes.UsageError, $"--min-success-rate must be between 0 and 1 (or 0% and 100%), not {text}.");
    }
}
