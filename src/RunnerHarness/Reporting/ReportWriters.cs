namespace RunnerHarness.Reporting;

/// <summary>The catalog of report writers, by format name.</summary>
public static class ReportWriters
{
    /// <summary>Every writer this build has.</summary>
    public static IReadOnlyList<IReportWriter> All { get; } =
        [new MarkdownReportWriter(), new JsonReportWriter(), new CsvReportWriter(), new HtmlReportWriter()];

    /// <summary>The writer of <paramref name="formatName"/> (case-insensitive), or <see langword="null"/>.</summary>
    public static IReportWriter? For(string formatName) =>
        All.FirstOrDefault(w => string.Equals(w.FormatName, formatName, StringComparison.OrdinalIgnoreCase));
}
