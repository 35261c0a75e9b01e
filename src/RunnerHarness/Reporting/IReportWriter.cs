namespace RunnerHarness.Reporting;

/// <summary>Renders a <see cref="Report"/> in one format. Writers use the invariant culture and no clock of their own.</summary>
internal interface IReportWriter
{
    /// <summary>The format's name on the command line, e.g. <c>markdown</c>.</summary>
    string FormatName { get; }

    /// <summary>The usual file extension, with the dot.</summary>
    string FileExtension { get; }

    /// <summary>Every extension a file of this format is recognised by, with the dot. Default: only <see cref="FileExtension"/>.</summary>
    IReadOnlyList<string> FileExtensions => [FileExtension];

    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/>.</summary>
    void Write(Report report, TextWriter output);
}
