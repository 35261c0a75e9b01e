namespace RunnerHarness.Reporting;

/// <summary>
/// The one CSV rule of the product (RFC 4180, used by every CSV writer): fields holding a comma, quote or
/// line break are quoted, and a field a spreadsheet would run as a formula (starting with <c>=</c>,
/// <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return) gets a leading apostrophe, the neutraliser
/// OWASP recommends, so a model name or message cannot execute in Excel or LibreOffice. Numbers the
/// writers format themselves (e.g. <c>-1.5</c>) are written as they are.
/// </summary>
internal static class CsvField
{
    /// <summary>Writes one row of text fields and CRLF; every field is neutralised and quoted as needed.</summary>
    public static void WriteRow(TextWriter output, IEnumerable<string> fields)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(fields);
        output.Write(string.Join(',', fields.Select(Text)));
        output.Write("\r\n");
    }

    /// <summary>A text field: neutralised when it would start a formula, then quoted when needed.</summary>
    public static string Text(string field) => Quote(Neutralise(field));

    /// <summary>A number the writer formatted (invariant culture); only quoted when needed, never prefixed.</summary>
    public static string Number(string formatted) => Quote(formatted);

    private static string Neutralise(string field) =>
        field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsNumber(field) ? "'" + field : field;

    private static bool IsNumber(string field) =>
        double.TryParse(field, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
