using System.Security.Cryptography;
using System.Text;

namespace RunnerHarness.Reporting.Html;

/// <summary>
/// The interactive report's script (<c>report.js</c>, embedded in the assembly) and its CSP hash: the page allows
/// this one script by its SHA-256, so no other inline script, handler or URL can run.
/// </summary>
internal static class HtmlReportScript
{
    private static readonly Lazy<(string Text, string Hash)> Loaded = new(Load);

    /// <summary>The script text, exactly as written into the page.</summary>
    public static string Text => Loaded.Value.Text;

    /// <summary>The CSP source of the script: <c>'sha256-...'</c>.</summary>
    public static string CspSource => $"'sha256-{Loaded.Value.Hash}'";

    private static (string, string) Load()
    {
        using var stream = typeof(HtmlReportScript).Assembly.GetManifestResourceStream("RunnerHarness.Reporting.Html.report.js")
            ?? throw new InvalidOperationException("The assembly lacks its embedded resource RunnerHarness.Reporting.Html.report.js.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // One line ending, so the hash does not depend on how the file was checked out.
        var text = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
        return (text, Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
    }
}
