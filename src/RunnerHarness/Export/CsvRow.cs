namespace RunnerHarness.Export;

/// <summary>The one place CSV fields are quoted and rows ended (RFC 4180), for every CSV the harness writes.</summary>
internal static class CsvRow
{
    /// <summary>Writes one row, quoting fields that hold a comma, quote or line break, ended by CRLF as RFC 4180 says.</summary>
    public static void Write(TextWriter output, IEnumerable<string> fields)
    {
        output.Write(string.Join(',', fields.Select(Quote)));
        output.Write("\r\n");
    }

    /// <summary><paramref name="field"/> in double quotes, inner quotes doubled, when it holds a comma, quote or line break; else as is.</summary>
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
