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
        Compares a candidate with a baseline, overall and per cell. Where both sides answered the same items
        (equal case keys once the compared axis and the sample index are left out) the cells are tested on
        the pairs: McNemar's exact test of success (one result per item and side), otherwise a sign-flip
        permutation (or paired bootstrap) test of the per-item mean differences, with a fixed, printed seed.
        Cells without shared items fall back to a two-proportion z-test (Fisher's exact test when an expected
        count is below 5). Per-cell p-values are adjusted across cells (Benjamini-Hochberg by default) and the
        flags and --fail-on-regression use the adjusted values; the overall line tests all pairs pooled.
        A side is run:ID (or just ID), model:NAME, or range:FROM..TO (UTC finish times, either end open).
        Comparing two models leaves model out of the default cells and pairs across model and provider.

        Examples:
          runner-harness compare run-41 run-42 --fail-on-regression
          runner-harness compare model:gpt-4o-mini model:gpt-5-mini --group-by prompt_type
          runner-harness compare model:gpt-4o-mini model:gpt-5-mini --metric final_score --seed 7 --json
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
        var failOnRegression = new Option<bool>("--fail-on-regression") { Description = $"Exit with {ExitCodes.GateFailed} when the overall comparison or any cell regressed significantly (adjusted p-values)." };
        var minSuccessRate = new Option<string?>("--min-success-rate") { Description = $"Exit with {ExitCodes.GateFailed} when the candidate's overall success rate is below this (0.8 or 80%).", HelpName = "RATE" };
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var adjust = new Option<string>("--adjust")
        {
            Description = "The adjustment of per-cell p-values across cells: bh (Benjamini-Hochberg), holm or none.",
            DefaultValueFactory = _ => "bh",
            HelpName = "bh|holm|none",
        };
        var midP = new Option<bool>("--mid-p") { Description = "Use the mid-p variant of McNemar's exact test (less conservative)." };
        var pairedTest = new Option<string>("--paired-test")
        {
            Description = "The test of paired per-item means (metrics, repeated samples): sign-flip (permutation) or bootstrap.",
            DefaultValueFactory = _ => "sign-flip",
            HelpName = "sign-flip|bootstrap",
        };
        var seed = new Option<int>("--seed")
        {
            Description = "The seed of the resampling tests and intervals (printed with the result).",
            DefaultValueFactory = _ => PairedResamplingTest.DefaultSeed,
        };
        var metric = new Option<string?>("--metric")
        {
            Description = $"Compare this per-record number instead of the success rate: {string.Join(", ", ComparedMetric.ColumnNames)}, or a name in the record's metrics. Paired cells only.",
            HelpName = "NAME",
        };
        var unpaired = new Option<bool>("--unpaired") { Description = "Do not pair: test every cell as two independent samples." };
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
        command.Options.Add(adjust);
        command.Options.Add(midP);
        command.Options.Add(pairedTest);
        command.Options.Add(seed);
        command.Options.Add(metric);
        command.Options.Add(unpaired);
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

            var options = new ComparisonOptions
            {
                SignificanceLevel = level,
                Adjustment = ParseAdjustment(parse.GetValue(adjust)!),
                MidP = parse.GetValue(midP),
                Resampling = ParseResampling(parse.GetValue(pairedTest)!),
                Seed = parse.GetValue(seed),
                Metric = parse.GetValue(metric) is { } metricName ? ParseMetric(metricName) : null,
            };
            var minimum = ParseRate(parse.GetValue(minSuccessRate));
            var (filter, _) = filters.Build(parse);
            var records = StoreRecords.Open(context, context.FindStore(parse.GetValue(store)));

            var baselineView = new CumulativeAggregator(dimensions);
            var candidateView = new CumulativeAggregator(dimensions);
            var pairing = parse.GetValue(unpaired) ? null : new PairedSamplesBuilder(dimensions, baseline.ComparedAxes.Union(candidate.ComparedAxes), options.Metric);
            var columns = baselineView.Columns.Append(baseline.Column).Append(candidate.Column).Concat(pairing?.Columns ?? []).Distinct(StringComparer.Ordinal);

            // One pass: a record may belong to both sides (overlapping ranges) and then counts in both.
            foreach (var record in records.Read(columns, filter))
            {
                var (inBaseline, inCandidate) = (baseline.Matches(record), candidate.Matches(record));
                if (inBaseline)
                {
                    baselineView.Add(record);
                }

                if (inCandidate)
                {
                    candidateView.Add(record);
                }

                pairing?.Add(record, inBaseline, inCandidate);
            }

            records.ReportProblems();
            var (b, c) = (baselineView.Build(), candidateView.Build());
            foreach (var (side, view, name) in new[] { (baseline, b, "baseline"), (candidate, c, "candidate") })
            {
                if (view.Totals.Records == 0)
                {
                    throw new CommandFailedException(ExitCodes.NoData, $"The {name} ({side.Describe()}) has no records in {records.Name} with these filters.");
                }
            }

            var pairs = pairing?.Build();
            if (options.Metric is { } compared && (pairs is null || pairs.Overall.Count == 0))
            {
                throw new CommandFailedException(ExitCodes.NoData, $"--metric {compared.Name}: no item has a {compared.Name} value on both sides{(pairs is null ? " (--unpaired was given; a metric is compared on pairs only)" : string.Empty)}. Columns: {string.Join(", ", ComparedMetric.ColumnNames)}, or a name in the records' metrics.");
            }

            var result = ViewComparison.Compare(b, c, options, pairs);
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

    private static PValueAdjustment ParseAdjustment(string text) => text.ToLowerInvariant() switch
    {
        "bh" or "fdr" => PValueAdjustment.BenjaminiHochberg,
        "holm" => PValueAdjustment.Holm,
        "none" => PValueAdjustment.None,
        _ => throw new CommandFailedException(ExitCodes.UsageError, $"--adjust '{text}' is not an adjustment; use bh (Benjamini-Hochberg), holm or none."),
    };

    private static PairedResampling ParseResampling(string text) => text.ToLowerInvariant() switch
    {
        "sign-flip" => PairedResampling.SignFlip,
        "bootstrap" => PairedResampling.Bootstrap,
        _ => throw new CommandFailedException(ExitCodes.UsageError, $"--paired-test '{text}' is not a paired test; use sign-flip or bootstrap."),
    };

    private static ComparedMetric ParseMetric(string name) => string.IsNullOrWhiteSpace(name)
        ? throw new CommandFailedException(ExitCodes.UsageError, $"--metric is empty; use one of {string.Join(", ", ComparedMetric.ColumnNames)} or a name in the records' metrics.")
        : ComparedMetric.For(name);

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
