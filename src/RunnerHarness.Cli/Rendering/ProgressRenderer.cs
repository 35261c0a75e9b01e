using System.Text;
using System.Text.Json;
using RunnerHarness.Aggregation;
using RunnerHarness.Reporting;
using Spectre.Console;

namespace RunnerHarness.Cli.Rendering;

/// <summary>Renders per-cell progress toward a sample target, on the console or as JSON.</summary>
internal sealed class ProgressRenderer(IAnsiConsole console, bool plain)
{
    private static readonly HashSet<string> Numeric = new(StringComparer.Ordinal) { "Held", "Target", "To run", "Not counted" };

    /// <summary>Writes a table of <paramref name="cells"/> and a one-line summary.</summary>
    public void Render(IReadOnlyList<string> dimensions, IReadOnlyList<CellProgress> cells, bool incompleteOnly)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(cells);
        var shown = incompleteOnly ? cells.Where(c => !c.IsComplete).ToArray() : cells;
        if (shown.Count > 0)
        {
            var headers = dimensions.Select(ReportText.Heading).Concat(["Held", "Target", "To run", "Not counted", "Missing samples"]).ToArray();
            new TableOutput(console, plain).Write(null, headers, shown.Select(c => (IReadOnlyList<string>)
            [
                .. c.Key.Select(k => k ?? GroupRow.MissingValue),
                ReportText.Count(c.Held), ReportText.Count(c.Target), ReportText.Count(c.ToRun), ReportText.Count(c.NotCounted), Indices(c.MissingSampleIndices),
            ]), Numeric);
        }

        ConsoleText.Line(console, plain, Summary(cells));
    }

    /// <summary>The one-line summary: cells complete and samples a top-up would run.</summary>
    public static string Summary(IReadOnlyList<CellProgress> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        return $"{cells.Count(c => c.IsComplete)} of {cells.Count} cells hold their target; a top-up run would execute {ReportText.Count(cells.Sum(c => c.ToRun))} samples in {cells.Count(c => !c.IsComplete)} cells.";
    }

    /// <summary>Writes the JSON form: target, totals and every cell.</summary>
    public static void WriteJson(TextWriter output, IReadOnlyList<string> dimensions, int target, IReadOnlyList<CellProgress> cells)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(cells);
        JsonOutput.Write(output, json =>
        {
        json.WriteNumber("target", target);
        json.WriteNumber("cells", cells.Count);
        json.WriteNumber("complete_cells", cells.Count(c => c.IsComplete));
        json.WriteNumber("held", cells.Sum(c => c.Held));
        json.WriteNumber("to_run", cells.Sum(c => c.ToRun));
        json.WriteStartArray("by_cell");
        foreach (var cell in cells)
        {
            json.WriteStartObject();
            GroupStatisticsJson.WriteKey(json, "key", dimensions, cell.Key);
            json.WriteNumber("cells", cell.Cells);
            json.WriteNumber("held", cell.Held);
            json.WriteNumber("target", cell.Target);
            json.WriteNumber("to_run", cell.ToRun);
            json.WriteNumber("not_counted", cell.NotCounted);
            json.WriteStartArray("missing_sample_indices");
            foreach (var index in cell.MissingSampleIndices)
            {
                json.WriteNumberValue(index);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        });
    }

    /// <summary>Sample indices as compact ranges, e.g. <c>0-3, 7</c>.</summary>
    public static string Indices(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var parts = new List<string>();
        for (var i = 0; i < indices.Count;)
        {
            var j = i;
            while (j + 1 < indices.Count && indices[j + 1] == indices[j] + 1)
            {
                j++;
            }

            parts.Add(j == i ? ReportText.Count(indices[i]) : $"{ReportText.Count(indices[i])}-{ReportText.Count(indices[j])}");
            i = j + 1;
        }

        return string.Join(", ", parts);
    }
}
