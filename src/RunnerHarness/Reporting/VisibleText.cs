using System.Globalization;
using System.Text;

namespace RunnerHarness.Reporting;

/// <summary>
/// Makes text from records (model names, messages, dimension values) safe to show: control characters
/// (C0, DEL, C1, including the ESC that starts an ANSI escape sequence and the CR that overwrites a
/// line) and bidirectional overrides become visible escapes such as <c>\x1b</c> or <c>\u202e</c>, so a
/// value can neither restyle a terminal nor hide or reorder what is printed.
/// </summary>
internal static class VisibleText
{
    /// <summary>
    /// <paramref name="text"/> with every control character shown as an escape; with
    /// <paramref name="keepLineBreaks"/>, '\n' and '\t' are kept (for whole lines of our own messages).
    /// </summary>
    public static string Of(string? text, bool keepLineBreaks = false)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(c => NeedsEscape(c, keepLineBreaks)))
        {
            return text ?? string.Empty;
        }

        var visible = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (!NeedsEscape(c, keepLineBreaks))
            {
                visible.Append(c);
            }
            else if (c <= 0xFF)
            {
                visible.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                visible.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }

        return visible.ToString();
    }

    private static bool NeedsEscape(char c, bool keepLineBreaks) =>
        (char.IsControl(c) && !(keepLineBreaks && c is '\n' or '\t'))
        || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F';
}
