using QaBench.Scoring;
using RunnerHarness.Schema;
using RunnerHarness.Xunit;

namespace QaBench;

/// <summary>Writes a graded answer into the test's record.</summary>
internal static class QaRecord
{
    /// <summary>
    /// Sets the record's <c>success_level</c> (<c>full_success</c> for a match, else <c>failure</c> with the category
    /// <c>other</c> and a message quoting the answer), <c>final_score</c> (1 or 0), the metric <c>exact_match</c> and the
    /// dimension <c>category</c>.
    /// </summary>
    public static void Write(ModelTestContext context, QaQuestion question, ExactMatchGrade grade)
    {
        context.SetMetric(ExactMatchScorer.Metric, grade.Matched ? 1 : 0);
        context.FinalScore = grade.Matched ? 1 : 0;
        context.Turns = 1;
        if (question.Category is { } category)
        {
            context.SetDimension("category", category);
        }

        if (grade.Matched)
        {
            context.SuccessLevel = SuccessLevel.FullSuccess;
            return;
        }

        context.Fail(ErrorCategory.Other, $"expected '{question.References[0]}'{Aliases(question)}, answered '{Shorten(grade.Answer)}'");
    }

    private static string Aliases(QaQuestion question) =>
        question.References.Count > 1 ? $" (or {string.Join(", ", question.References.Skip(1).Select(a => $"'{a}'"))})" : "";

    // An answer that rambles is kept to a line; the transcript (when stored) has it whole.
    private static string Shorten(string answer) => answer.Length <= 200 ? answer : answer[..200] + "...";
}
