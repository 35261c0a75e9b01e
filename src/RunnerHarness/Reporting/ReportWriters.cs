namespace RunnerHarness.Reporting;

/// <summary>The catalog of report writers, by format name.</summary>
internal static class ReportWriters
{
    /// <summary>Every writer this build has.</summary>
    public static IReadOnlyList<IReportWriter> All { get; } =
        [new MarkdownReportWriter(), new JsonReportWriter(), new CsvReportWriter(), new HtmlReportWriter()];

    /// <summary>The writer whose <see cref="IReportWriter.FileExtensions"/> has <paramref name="path"/>'s extension (case-insensitive), or <see langword="null"/>.</summary>
    public static IReportWriter? ForFile(string path) =>
        All.FirstOrDefault(w => w.FileExtensions.Any(e => string.Equals(e, Path.GetExtension(path), StringComparison.OrdinalIgnoreCase)));

    /// <summary>The writer of <paramref name="formatName"/> (case-insensitive), or <see langword="null"/>.</summary>
    public static IReportWriter? For(string formatName) =>
        All.FirstOrDefault(w => string.Equals(w.FormatName, formatName, StringComparison.OrdinalIgnoreCase));
}
