using System.Globalization;
using RunnerHarness.Aggregation;

namespace RunnerHarness.Reporting;

/// <summary>The inline SVG charts of <see cref="HtmlReportWriter"/>. Every label is HTML-encoded.</summary>
internal static class HtmlCharts
{
    private const int CellWidth = 92;
    private const int CellHeight = 30;
    private const int BarWidth = 420;
    private const int BarHeight = 18;
    private const int BarGap = 8;

    /// <summary>Writes the heatmap of <paramref name="view"/> (grouped by model, prompt type): one cell per pair, coloured by success rate.</summary>
    public static void WriteHeatmap(TextWriter output, CumulativeView view)
    {
        var models = view.GroupsAt(1);
        var prompts = view.Groups.Select(g => g.Key[1]).Distinct().Order(new DimensionValueComparer(view.Dimensions[1])).ToArray();
        if (models.Count == 0)
        {
            output.Write("<p id=\"heatmap\">No model results.</p>\n");
            return;
        }

        var labelWidth = LabelWidth(models.Select(m => m.Label(0)));
        // Labels are rotated 40 degrees: their height is about sin(40) x 7 px per character.
        var headerHeight = Math.Min(180, 24 + (5 * prompts.Max(p => (p ?? GroupRow.MissingValue).Length)));
        var width = labelWidth + (prompts.Length * CellWidth) + 10;
        var height = headerHeight + (models.Count * CellHeight) + 10;
        output.Write(F($"<svg id=\"heatmap\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Success rate heatmap: model by prompt type\">\n"));
        for (var c = 0; c < prompts.Length; c++)
        {
            var x = labelWidth + (c * CellWidth) + (CellWidth / 2);
            output.Write(F($"<text x=\"{x}\" y=\"{headerHeight - 6}\" transform=\"rotate(-40 {x} {headerHeight - 6})\">{E(prompts[c] ?? GroupRow.MissingValue)}</text>\n"));
        }

        var cells = view.Groups.ToDictionary(g => (g.Key[0] ?? "\0", g.Key[1] ?? "\0"));
        for (var r = 0; r < models.Count; r++)
        {
            var y = headerHeight + (r * CellHeight);
            output.Write(F($"<text x=\"{labelWidth - 6}\" y=\"{y + 19}\" text-anchor=\"end\">{E(models[r].Label(0))}</text>\n"));
            for (var c = 0; c < prompts.Length; c++)
            {
                var x = labelWidth + (c * CellWidth);
                if (!cells.TryGetValue((models[r].Key[0] ?? "\0", prompts[c] ?? "\0"), out var cell) || cell.Statistics.Total == 0)
                {
                    output.Write(F($"<rect class=\"cell empty\" x=\"{x}\" y=\"{y}\" width=\"{CellWidth - 2}\" height=\"{CellHeight - 2}\" fill=\"#eaeef2\"><title>no model results</title></rect>\n"));
                    continue;
                }

                var s = cell.Statistics;
                var tip = $"{models[r].Label(0)} / {cell.Label(1)}: {ReportText.Percent(s.SuccessRate.Rate)} of {ReportText.Count(s.Total)}, 95% CI {ReportText.Interval(s.SuccessRate.Interval)}";
                output.Write(F($"<rect class=\"cell\" x=\"{x}\" y=\"{y}\" width=\"{CellWidth - 2}\" height=\"{CellHeight - 2}\" fill=\"{Color(s.SuccessRate.Rate!.Value)}\"><title>{E(tip)}</title></rect>\n"));
                output.Write(F($"<text class=\"cell-label\" x=\"{x + (CellWidth / 2)}\" y=\"{y + 18}\" text-anchor=\"middle\">{E(ReportText.Percent(s.SuccessRate.Rate))} (n={ReportText.Count(s.Total)})</text>\n"));
            }
        }

        output.Write("</svg>\n");
    }

    /// <summary>Writes one horizontal bar per group with a whisker from the lower to the upper end of its 95% interval.</summary>
    public static void WriteBars(TextWriter output, IReadOnlyList<GroupRow> groups)
    {
        var labelWidth = LabelWidth(groups.Select(g => g.Label(0)));
        var width = labelWidth + BarWidth + 130;
        var height = 30 + (groups.Count * (BarHeight + BarGap));
        output.Write(F($"<svg id=\"bars\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Success rates with 95% intervals\">\n"));
        for (var tick = 0; tick <= 4; tick++)
        {
            var x = labelWidth + (BarWidth * tick / 4.0);
            output.Write(F($"<line x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{height - 18}\" stroke=\"#d0d7de\"/><text x=\"{x}\" y=\"{height - 4}\" text-anchor=\"middle\">{tick * 25}%</text>\n"));
        }

        for (var i = 0; i < groups.Count; i++)
        {
            var s = groups[i].Statistics;
            var y = 4 + (i * (BarHeight + BarGap));
            output.Write(F($"<text x=\"{labelWidth - 6}\" y=\"{y + 13}\" text-anchor=\"end\">{E(groups[i].Label(0))}</text>\n"));
            if (s.SuccessRate.Rate is not { } rate || s.SuccessRate.Interval is not { } ci)
            {
                output.Write(F($"<text x=\"{labelWidth + 4}\" y=\"{y + 13}\">no model results</text>\n"));
                continue;
            }

            var mid = y + (BarHeight / 2.0);
            output.Write(F($"<rect class=\"bar\" x=\"{labelWidth}\" y=\"{y}\" width=\"{BarWidth * rate}\" height=\"{BarHeight}\" fill=\"{Color(rate)}\"><title>{E($"{groups[i].Label(0)}: {ReportText.Percent(rate)} of {ReportText.Count(s.Total)}")}</title></rect>\n"));
            var lo = labelWidth + (BarWidth * ci.Lower);
            var hi = labelWidth + (BarWidth * ci.Upper);
            output.Write(F($"<path class=\"whisker\" d=\"M{lo} {mid}H{hi}M{lo} {y + 3}V{y + BarHeight - 3}M{hi} {y + 3}V{y + BarHeight - 3}\" stroke=\"#1b1f24\" stroke-width=\"1.5\" fill=\"none\"><title>{E($"95% CI {ReportText.Interval(ci)}")}</title></path>\n"));
            output.Write(F($"<text x=\"{labelWidth + BarWidth + 8}\" y=\"{y + 13}\">{E($"{ReportText.Percent(rate)} (n={ReportText.Count(s.Total)})")}</text>\n"));
        }

        output.Write("</svg>\n");
    }

    /// <summary>Red at 0, yellow at 0.5, green at 1 (ColorBrewer RdYlGn ends).</summary>
    internal static string Color(double rate)
    {
        (double R, double G, double B) red = (215, 48, 39), yellow = (254, 224, 139), green = (26, 152, 80);
        var (from, to, f) = rate < 0.5 ? (red, yellow, rate * 2) : (yellow, green, (rate - 0.5) * 2);
        int Mix(double a, double b) => (int)Math.Round(a + ((b - a) * f));
        return F($"#{Mix(from.R, to.R):x2}{Mix(from.G, to.G):x2}{Mix(from.B, to.B):x2}");
    }

    private static int LabelWidth(IEnumerable<string> labels) => Math.Min(320, 16 + (7 * labels.Select(l => l.Length).DefaultIfEmpty(4).Max()));

    private static string E(string text) => HtmlReportWriter.E(text);

    private static string F(FormattableString text) => FormattableString.Invariant(text);
}
