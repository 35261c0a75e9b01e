using System.Globalization;
using System.Text.RegularExpressions;

namespace RunnerHarness.Models.Judges;

/// <summary>
/// A judge's answer, parsed: the score on the line <c>SCORE: n</c> and the reason on the line <c>REASON: ...</c>.
/// Markdown emphasis and case around the labels are tolerated; anything else is not guessed at.
/// </summary>
/// <param name="Score">The score, from <see cref="ReferenceAnswerJudgePrompt.LowestScore"/> to <see cref="ReferenceAnswerJudgePrompt.HighestScore"/>.</param>
/// <param name="Reason">The judge's reason, or <see langword="null"/> when it gave none.</param>
internal sealed partial record JudgeVerdict(int Score, string? Reason)
{
    /// <summary>
    /// Parses <paramref name="answer"/>; an answer with no <c>SCORE:</c> line, several, or a score outside the rubric is
    /// unparseable, and <paramref name="problem"/> says how.
    /// </summary>
    public static bool TryParse(string? answer, out JudgeVerdict? verdict, out string? problem)
    {
        verdict = null;
        var text = answer ?? string.Empty;
        var scores = ScoreLine().Matches(text);
        if (scores.Count != 1)
        {
            problem = scores.Count == 0 ? "it has no line 'SCORE: <1-5>'" : $"it has {scores.Count} SCORE lines";
            return false;
        }

        var score = int.Parse(scores[0].Groups["score"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        if (score is < ReferenceAnswerJudgePrompt.LowestScore or > ReferenceAnswerJudgePrompt.HighestScore)
        {
            problem = $"its score {score} is outside 1-5";
            return false;
        }

        var reason = ReasonLine().Match(text);
        verdict = new JudgeVerdict(score, reason.Success ? reason.Groups["reason"].Value.Trim() : null);
        problem = null;
        return true;
    }

    [GeneratedRegex(@"^[\s*_#]*score[\s*_]*:[\s*_]*(?<score>\d+)[\s*_.]*$", RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ScoreLine();

    [GeneratedRegex(@"^[\s*_#]*reason[\s*_]*:[\s*_]*(?<reason>.+)$", RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ReasonLine();
}
