using RunnerHarness.Aggregation;

namespace RunnerHarness.Reporting.Html;

/// <summary>
/// The per-model SVG charts of the HTML report: success by difficulty, error categories, cost per sample and the run
/// trends. Every label is HTML-encoded; the figures are those of the whole store (not of the embedded samples).
/// </summary>
internal static class HtmlModelCharts
{
    private const int Column = 130;
    private const int Row = 26;

    // ColorBrewer Set2 and Dark2: eight categories that stay apart for most colour vision.
    private static readonly string[] Palette = ["#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3", "#a6d854", "#ffd92f", "#e5c494", "#b3b3b3"];

    /// <summary>Per model a row, per difficulty a bar of the success rate with its 95% Wilson interval.</summary>
    public static void WriteDifficulty(TextWriter output, CumulativeView modelByDifficulty)
    {
        var models = modelByDifficulty.GroupsAt(1);
        var difficulties = modelByDifficulty.Groups.Select(g => g.Key[1]).Distinct().Order(new DimensionValueComparer(modelByDifficulty.Dimensions[1])).ToArray();
        var cells = modelByDifficulty.Groups.ToDictionary(g => (g.Key[0] ?? "\0", g.Key[1] ?? "\0"));
        var labelWidth = LabelWidth(models.Select(m => m.Label(0)));
        var width = labelWidth + (difficulties.Length * Column) + 10;
        var height = 24 + (models.Count * Row);
        output.Write(F($"<svg id=\"chart-difficulty\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Success rate by difficulty per model\">\n"));
        for (var c = 0; c < difficulties.Length; c++)
        {
            output.Write(F($"<text x=\"{labelWidth + (c * Column)}\" y=\"14\">{E(difficulties[c] ?? GroupRow.MissingValue)}</text>\n"));
        }

        for (var r = 0; r < models.Count; r++)
        {
            var y = 22 + (r * Row);
            output.Write(F($"<text x=\"{labelWidth - 6}\" y=\"{y + 14}\" text-anchor=\"end\">{E(models[r].Label(0))}</text>\n"));
            for (var c = 0; c < difficulties.Length; c++)
            {
                var x = labelWidth + (c * Column);
                output.Write(F($"<rect x=\"{x}\" y=\"{y + 2}\" width=\"{Column - 50}\" height=\"{Row - 8}\" fill=\"#eaeef2\"/>\n"));
                if (!cells.TryGetValue((models[r].Key[0] ?? "\0", difficulties[c] ?? "\0"), out var cell) || cell.Statistics.SuccessRate is not { Rate: { } rate, Interval: { } ci })
                {
                    continue;
                }

                var s = cell.Statistics;
                var span = Column - 50;
                output.Write(F($"<rect class=\"bar\" x=\"{x}\" y=\"{y + 2}\" width=\"{span * rate}\" height=\"{Row - 8}\" fill=\"{HtmlCharts.Color(rate)}\"><title>{E($"{models[r].Label(0)} / {cell.Label(1)}: {ReportText.Percent(rate)} of {ReportText.Count(s.Total)}, 95% CI {ReportText.Interval(ci)}")}</title></rect>\n"));
                output.Write(F($"<path d=\"M{x + (span * ci.Lower)} {y + 11}H{x + (span * ci.Upper)}\" stroke=\"#1b1f24\" stroke-width=\"1.5\"/>\n"));
                output.Write(F($"<text x=\"{x + span + 4}\" y=\"{y + 15}\" class=\"cell-label\">{E(ReportText.Percent(rate))}</text>\n"));
            }
        }

        output.Write("</svg>\n");
    }

    /// <summary>Per model a bar of its model errors, split by category, with a legend.</summary>
    public static void WriteErrors(TextWriter output, IReadOnlyList<GroupRow> models)
    {
        var categories = ReportText.ErrorCategories;
        var most = Math.Max(1, models.Select(m => m.Statistics.Errors.Sum(e => e.Count)).DefaultIfEmpty(0).Max());
        var labelWidth = LabelWidth(models.Select(m => m.Label(0)));
        const int Span = 420;
        var height = 40 + (models.Count * Row);
        output.Write(F($"<svg id=\"chart-errors\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{labelWidth + Span + 120}\" height=\"{height}\" role=\"img\" aria-label=\"Model errors by category per model\">\n"));
        for (var i = 0; i < categories.Count; i++)
        {
            var x = (i % 4) * 170;
            var y = 4 + ((i / 4) * 16);
            output.Write(F($"<rect x=\"{x}\" y=\"{y}\" width=\"10\" height=\"10\" fill=\"{Palette[i % Palette.Length]}\"/><text x=\"{x + 14}\" y=\"{y + 9}\" class=\"cell-label\">{E(categories[i])}</text>\n"));
        }

        for (var r = 0; r < models.Count; r++)
        {
            var y = 38 + (r * Row);
            output.Write(F($"<text x=\"{labelWidth - 6}\" y=\"{y + 14}\" text-anchor=\"end\">{E(models[r].Label(0))}</text>\n"));
            double x = labelWidth;
            var errors = models[r].Statistics.Errors;
            for (var i = 0; i < errors.Count; i++)
            {
                if (errors[i].Count == 0)
                {
                    continue;
                }

                var w = Span * errors[i].Count / (double)most;
                output.Write(F($"<rect x=\"{x}\" y=\"{y + 2}\" width=\"{w}\" height=\"{Row - 8}\" fill=\"{Palette[i % Palette.Length]}\"><title>{E($"{models[r].Label(0)}: {errors[i].Category} {ReportText.Count(errors[i].Count)} ({ReportText.Percent(errors[i].RatePerTest)} of results)")}</title></rect>\n"));
                x += w;
            }

            output.Write(F($"<text x=\"{x + 6}\" y=\"{y + 15}\" class=\"cell-label\">{E(ReportText.Count(errors.Sum(e => e.Count)))}</text>\n"));
        }

        output.Write("</svg>\n");
    }

    /// <summary>Per model with a cost, a bar of its cost per sample.</summary>
    public static void WriteCost(TextWriter output, IReadOnlyList<GroupRow> models)
    {
        var costed = models.Where(m => m.Statistics.Cost.HasCost).ToList();
        var most = costed.Max(m => m.Statistics.Cost.PerSampleUsd!.Value);
        var labelWidth = LabelWidth(costed.Select(m => m.Label(0)));
        const int Span = 420;
        output.Write(F($"<svg id=\"chart-cost\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{labelWidth + Span + 200}\" height=\"{8 + (costed.Count * Row)}\" role=\"img\" aria-label=\"Cost per sample per model\">\n"));
        for (var r = 0; r < costed.Count; r++)
        {
            var y = 4 + (r * Row);
            var cost = costed[r].Statistics.Cost;
            output.Write(F($"<text x=\"{labelWidth - 6}\" y=\"{y + 14}\" text-anchor=\"end\">{E(costed[r].Label(0))}</text>\n"));
            output.Write(F($"<rect x=\"{labelWidth}\" y=\"{y + 2}\" width=\"{(most > 0 ? Span * cost.PerSampleUsd!.Value / most : 0)}\" height=\"{Row - 8}\" fill=\"#8da0cb\"/>\n"));
            output.Write(F($"<text x=\"{labelWidth + Span + 6}\" y=\"{y + 15}\" class=\"cell-label\">{E($"{ReportText.Usd(cost.PerSampleUsd)} per sample, {ReportText.Usd(cost.Total)} in all")}</text>\n"));
        }

        output.Write("</svg>\n");
    }

    /// <summary>Per model a line of its success rate run after run, with 95% whiskers; runs flagged as a significant change are ringed.</summary>
    public static void WriteTrends(TextWriter output, RunTrends trends)
    {
        const int Step = 70, Height = 120;
        var longest = trends.Models.Max(m => m.Runs.Count);
        var labelWidth = LabelWidth(trends.Models.Select(m => m.Model ?? GroupRow.MissingValue));
        var width = labelWidth + (longest * Step) + 20;
        output.Write(F($"<svg id=\"chart-trends\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{trends.Models.Count * (Height + 20)}\" role=\"img\" aria-label=\"Success rate per run per model\">\n"));
        for (var m = 0; m < trends.Models.Count; m++)
        {
            var top = m * (Height + 20);
            var model = trends.Models[m];
            output.Write(F($"<text x=\"{labelWidth - 6}\" y=\"{top + (Height / 2)}\" text-anchor=\"end\">{E(model.Model ?? GroupRow.MissingValue)}</text>\n"));
            output.Write(F($"<rect x=\"{labelWidth}\" y=\"{top}\" width=\"{longest * Step}\" height=\"{Height}\" fill=\"none\" stroke=\"#d0d7de\"/>\n"));
            double Y(double rate) => top + Height - (rate * Height);
            var points = model.Runs.Select((r, i) => (Run: r, X: labelWidth + (Step / 2.0) + (i * Step))).Where(p => p.Run.SuccessRate.Rate is not null).ToList();
            if (points.Count > 1)
            {
                output.Write(F($"<polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" points=\"{string.Join(' ', points.Select(p => F($"{p.X},{Y(p.Run.SuccessRate.Rate!.Value)}")))}\"/>\n"));
            }

            foreach (var (run, x) in points)
            {
                var rate = run.SuccessRate.Rate!.Value;
                if (run.SuccessRate.Interval is { } ci)
                {
                    output.Write(F($"<path d=\"M{x} {Y(ci.Lower)}V{Y(ci.Upper)}\" stroke=\"#57606a\"/>\n"));
                }

                var tip = $"{model.Model ?? GroupRow.MissingValue}, run {run.RunId ?? GroupRow.MissingValue}: {ReportText.Percent(rate)} of {ReportText.Count(run.SuccessRate.Total)}" +
                          (run.Change is null ? "" : $", change {ReportText.Change(run.Change.Difference)}, adjusted p {ReportText.PValue(run.AdjustedPValue)}");
                output.Write(F($"<circle class=\"{(run.IsSignificant ? "run flagged" : "run")}\" cx=\"{x}\" cy=\"{Y(rate)}\" r=\"{(run.IsSignificant ? 7 : 4)}\" fill=\"{(run.IsSignificant ? "#cf222e" : "#0969da")}\"><title>{E(tip)}</title></circle>\n"));
                output.Write(F($"<text x=\"{x}\" y=\"{top + Height - 4}\" text-anchor=\"middle\" class=\"cell-label\">{E(Short(run.RunId ?? GroupRow.MissingValue))}</text>\n"));
            }
        }

        output.Write("</svg>\n");
    }

    private static string Short(string text) => text.Length <= 10 ? text : string.Concat(text.AsSpan(0, 9), "\u2026");

    private static int LabelWidth(IEnumerable<string> labels) => Math.Min(320, 16 + (7 * labels.Select(l => l.Length).DefaultIfEmpty(4).Max()));

    private static string E(string text) => HtmlReportWriter.E(text);

    private static string F(FormattableString text) => FormattableString.Invariant(text);
}
