using System.Globalization;
using System.Text;

namespace RunnerHarness.Models.Judges;

/// <summary>
/// The prompt of <see cref="ReferenceAnswerJudge"/> (quoted in docs/judges.md): a system message with the rubric and the
/// answer format, and a user message with the question, the reference answer and the response in tagged sections.
/// The simulated models recognise the tags and play the judge (<c>Simulation/SimulatedJudge</c>).
/// </summary>
internal static class ReferenceAnswerJudgePrompt
{
    public const string QuestionTag = "question";
    public const string ReferenceTag = "reference_answer";
    public const string ResponseTag = "response";

    /// <summary>The lowest and highest score of the rubric.</summary>
    public const int LowestScore = 1;

    /// <inheritdoc cref="LowestScore"/>
    public const int HighestScore = 5;

    public const string System = """
        You are a strict grader of answers to questions. You compare a RESPONSE with a REFERENCE ANSWER and grade its correctness on this rubric:
        5 - the response gives the reference answer (or an accepted alias, another case, a trivially different spelling of a number or unit) and nothing that contradicts it.
        4 - the response gives the reference answer inside extra wording, and the extra wording is not wrong.
        3 - the response is partly correct: the right answer among wrong ones, or right but imprecise (a rounded number, a partial name).
        2 - the response is wrong but close: a near number, a misspelt or related name.
        1 - the response is wrong, missing, or declines to answer.
        Judge only correctness against the reference answer, not style. Do not solve the question yourself.
        Reply with exactly two lines and nothing else:
        SCORE: <an integer from 1 to 5>
        REASON: <one sentence>
        """;

    /// <summary>The user message for <paramref name="question"/>, <paramref name="reference"/> and <paramref name="response"/>.</summary>
    public static string User(string question, string reference, string response)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"<{QuestionTag}>\n{question}\n</{QuestionTag}>\n");
        text.Append(CultureInfo.InvariantCulture, $"<{ReferenceTag}>\n{reference}\n</{ReferenceTag}>\n");
        text.Append(CultureInfo.InvariantCulture, $"<{ResponseTag}>\n{response}\n</{ResponseTag}>\n");
        text.Append("Grade the response.");
        return text.ToString();
    }

    /// <summary>The text between <c>&lt;tag&gt;</c> and <c>&lt;/tag&gt;</c> in <paramref name="text"/>, trimmed, or <see langword="null"/>.</summary>
    public static string? Section(string text, string tag)
    {
        var open = text.IndexOf($"<{tag}>\n", StringComparison.Ordinal);
        var close = text.LastIndexOf($"\n</{tag}>", StringComparison.Ordinal);
        return open < 0 || close < open ? null : text[(open + tag.Length + 3)..close].Trim();
    }
}
