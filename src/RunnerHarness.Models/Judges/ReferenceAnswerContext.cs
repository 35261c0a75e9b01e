using Microsoft.Extensions.AI.Evaluation;

namespace RunnerHarness.Models.Judges;

/// <summary>
/// The reference answer (and accepted aliases) that <see cref="ReferenceAnswerJudge"/> grades a response against, passed
/// to <c>EvaluateAsync</c> as additional context.
/// </summary>
public sealed class ReferenceAnswerContext : EvaluationContext
{
    /// <summary>The context's name, under which evaluators find it.</summary>
    public const string ContextName = "Reference answer";

    /// <summary>Makes the context of <paramref name="answer"/>, with <paramref name="aliases"/> as other accepted spellings.</summary>
    /// <exception cref="ArgumentException"><paramref name="answer"/> is empty: a judge with no reference grades nothing.</exception>
    public ReferenceAnswerContext(string answer, IEnumerable<string>? aliases = null)
        : base(ContextName, Render(answer, aliases))
    {
        Answer = answer;
        Aliases = [.. aliases ?? []];
    }

    /// <summary>The reference answer.</summary>
    public string Answer { get; }

    /// <summary>Other spellings accepted as the same answer.</summary>
    public IReadOnlyList<string> Aliases { get; }

    private static string Render(string answer, IEnumerable<string>? aliases)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(answer);
        var others = aliases?.Where(a => !string.IsNullOrWhiteSpace(a)).ToList() ?? [];
        return others.Count == 0 ? answer : $"{answer} (also accepted: {string.Join("; ", others)})";
    }
}
