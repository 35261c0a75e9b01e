using System.Globalization;
using Microsoft.Extensions.AI;
using RunnerHarness.Models.Judges;

namespace RunnerHarness.Models.Simulation;

/// <summary>
/// How a simulated model plays the reference-answer judge (<see cref="ReferenceAnswerJudge"/>): when the last user message
/// carries the judge prompt's tagged sections, it compares the response with the reference answer and its aliases,
/// case and punctuation aside: the same answer scores 5, the answer inside other words 4, anything else 1. With
/// probability <c>(1 - competence) x 0.5</c> it misjudges by one point, as judges do; every draw is keyed by the judge
/// model and the sample, so the same run grades the same way every time.
/// </summary>
internal static class SimulatedJudge
{
    private const double Slip = 0.5;
    private const string AliasesOpening = " (also accepted: ";

    /// <summary>The judge's answer to <paramref name="messages"/>, or <see langword="null"/> when they are not a judge prompt.</summary>
    public static SimulatedMove? Grade(IEnumerable<ChatMessage> messages, SimulatedDice dice, double competence)
    {
        var prompt = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text;
        if (prompt is null
            || ReferenceAnswerJudgePrompt.Section(prompt, ReferenceAnswerJudgePrompt.ReferenceTag) is not { } reference
            || ReferenceAnswerJudgePrompt.Section(prompt, ReferenceAnswerJudgePrompt.ResponseTag) is not { } response)
        {
            return null;
        }

        var accepted = Accepted(reference).Select(Normalize).Where(a => a.Length > 0).ToList();
        var answer = Normalize(response);
        var (score, reason) = accepted.Contains(answer, StringComparer.Ordinal)
            ? (5, "The response gives the reference answer.")
            : accepted.Any(a => $" {answer} ".Contains($" {a} ", StringComparison.Ordinal))
                ? (4, "The response gives the reference answer inside extra wording.")
                : (1, "The response does not give the reference answer.");

        if (dice.Happens("judge_slip", 0, (1 - competence) * Slip))
        {
            score += score > 3 ? -1 : 1;
        }

        return SimulatedMove.Answer(string.Create(CultureInfo.InvariantCulture, $"SCORE: {score}\nREASON: {reason}"));
    }

    private static IEnumerable<string> Accepted(string reference)
    {
        var at = reference.IndexOf(AliasesOpening, StringComparison.Ordinal);
        if (at < 0 || !reference.EndsWith(')'))
        {
            return [reference];
        }

        var aliases = reference[(at + AliasesOpening.Length)..^1].Split("; ");
        return [reference[..at], .. aliases];
    }

    // Lower case, punctuation as spaces, single spaces: "The answer is Canberra." and "the answer is canberra" compare equal.
    private static string Normalize(string text)
    {
        var letters = text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray();
        return string.Join(' ', new string(letters).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
