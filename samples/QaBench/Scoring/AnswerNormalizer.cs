using System.Globalization;
using System.Text;

namespace QaBench.Scoring;

/// <summary>
/// The normal form answers are compared in, as SQuAD's exact match does it: lower case (invariant culture),
/// punctuation and symbols turned into spaces, the articles <c>a</c>, <c>an</c> and <c>the</c> removed, white space
/// collapsed to single spaces. Numbers keep their shape: a full stop between two digits stays (<c>0.375</c>), a comma
/// between two digits is dropped as a thousands separator (<c>5,280</c> is <c>5280</c>), and a minus sign that starts a
/// number stays (<c>-135</c>). So <c>"The Nile."</c> equals <c>nile</c> and <c>"Canberra!"</c> equals <c>canberra</c>.
/// </summary>
public static class AnswerNormalizer
{
    private static readonly HashSet<string> Articles = new(StringComparer.Ordinal) { "a", "an", "the" };

    /// <summary>The normal form of <paramref name="answer"/>; empty for null or blank text.</summary>
    public static string Normalize(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return string.Empty;
        }

        // No Unicode compatibility folding: under the repository's invariant globalization, Normalize(FormKC) left
        // full-width "ｈ２ｏ" as it was (ExactMatchScorerTests), so the scorer does not claim it.
        var text = answer.ToLowerInvariant();
        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var betweenDigits = i > 0 && i < text.Length - 1 && char.IsDigit(text[i - 1]) && char.IsDigit(text[i + 1]);
            if (c == '.' && betweenDigits)
            {
                kept.Append(c);
            }
            else if (c == '-' && i < text.Length - 1 && char.IsDigit(text[i + 1]) && (i == 0 || char.IsWhiteSpace(text[i - 1])))
            {
                kept.Append(c);
            }
            else if (char.IsPunctuation(c) || char.IsSymbol(c))
            {
                // A comma between digits is a thousands separator: dropped, so the number stays one word.
                kept.Append(c == ',' && betweenDigits ? "" : " ");
            }
            else
            {
                kept.Append(char.IsWhiteSpace(c) ? ' ' : c);
            }
        }

        return string.Join(' ', kept.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !Articles.Contains(w)));
    }

    /// <summary>Whether <paramref name="answer"/> and <paramref name="reference"/> have the same normal form (and the reference is not blank).</summary>
    public static bool Equal(string? answer, string reference) =>
        Normalize(reference) is { Length: > 0 } normal && string.Equals(Normalize(answer), normal, StringComparison.Ordinal);
}
