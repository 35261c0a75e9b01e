using RunnerHarness.Reporting;
using Spectre.Console;

namespace RunnerHarness.Cli.Rendering;

/// <summary>
/// Writes a table to a console: a Spectre table on a terminal, or plain space-aligned columns when
/// output is redirected or in CI, so logs and pipes get text without box characters or colours.
/// </summary>
internal sealed class TableOutput(IAnsiConsole console, bool plain)
{
    /// <summary>
    /// Writes <paramref name="rows"/> under <paramref name="headers"/>; columns whose header is in <paramref name="rightAligned"/>
    /// align right. <paramref name="styleOf"/> (row index, column index) colours cells on a terminal; plain output has no colours.
    /// </summary>
    public void Write(
        string? title,
        IReadOnlyList<string> headers,
        IEnumerable<IReadOnlyList<string>> rows,
        ISet<string>? rightAligned = null,
        Func<int, int, Style?>? styleOf = null)
    {
        // Cells hold values from records (model names, messages): control characters are shown, never sent.
        var materialized = rows.Select(r => (IReadOnlyList<string>)[.. r.Select(cell => VisibleText.Of(cell))]).ToList();
        if (plain)
        {
            WritePlain(title, headers, materialized, rightAligned);
            return;
        }

        // The title is a line of its own, as in plain output: a table title wraps to the table's width.
        if (title is not null)
        {
            ConsoleText.Line(console, plain, title);
        }

        var table = new Table().Border(TableBorder.Rounded);

        foreach (var header in headers)
        {
            var column = new TableColumn(Markup.Escape(header));
            table.AddColumn(rightAligned?.Contains(header) == true ? column.RightAligned() : column);
        }

        for (var r = 0; r < materialized.Count; r++)
        {
            var rowIndex = r;
            table.AddRow(materialized[r].Select((cell, c) => new Text(cell, styleOf?.Invoke(rowIndex, c))).ToArray<Spectre.Console.Rendering.IRenderable>());
        }

        console.Write(table);
    }

    private void WritePlain(string? title, IReadOnlyList<string> headers, List<IReadOnlyList<string>> rows, ISet<string>? rightAligned)
    {
        if (title is not null)
        {
            ConsoleText.Line(console, plain, title);
        }

        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        string Line(IReadOnlyList<string> cells) => string.Join("  ", cells.Select((c, i) =>
            rightAligned?.Contains(headers[i]) == true ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();

        ConsoleText.Line(console, plain, Line(headers));
        foreach (var row in rows)
        {
            ConsoleText.Line(console, plain, Line(row));
        }
    }
}
