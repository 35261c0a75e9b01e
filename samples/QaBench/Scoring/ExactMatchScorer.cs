namespace QaBench.Scoring;

/// <summary>
/// Grades an answer by exact match after normalisation (<see cref="AnswerNormalizer"/>): right when it equals the reference
/// answer or one of its aliases, wrong otherwise. No partial credit: an answer wrapped in a sentence is wrong, which is
/// what the prompt asks models to avoid.
/// </summary>
public static class ExactMatchScorer
{
    /// <summary>The metric the grade is recorded under: 1 for a match, 0 otherwise.</summary>
    public const string Metric = "exact_match";

    /// <summary>The grade of <paramref name="answer"/> to <paramref name="question"/>.</summary>
    public static ExactMatchGrade Grade(QaQuestion question, string? answer)
    {
        ArgumentNullException.ThrowIfNull(question);
        var matched = question.References.FirstOrDefault(r => AnswerNormalizer.Equal(answer, r));
        return new ExactMatchGrade(answer ?? string.Empty, matched is not null, matched);
    }
}
