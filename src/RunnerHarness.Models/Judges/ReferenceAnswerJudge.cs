using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace RunnerHarness.Models.Judges;

/// <summary>
/// A correctness judge on the <c>Microsoft.Extensions.AI.Evaluation</c> abstractions: asks the chat client of the
/// <see cref="ChatConfiguration"/> to grade the response against the reference answer of a
/// <see cref="ReferenceAnswerContext"/> on a 1-5 rubric (prompt: docs/judges.md), and returns the numeric metric
/// <see cref="CorrectnessMetricName"/> and the boolean metric <see cref="CorrectMetricName"/> (score at least
/// <see cref="PassingScore"/>), each with an interpretation and the judge's reason.
/// </summary>
/// <remarks>
/// An answer that does not follow the format is never read as a score: both metrics then have no value and an error
/// diagnostic quoting the answer, which <c>ModelTestContext.EvaluateAsync</c> turns into a failed test.
/// </remarks>
public sealed class ReferenceAnswerJudge : IEvaluator
{
    /// <summary>The numeric metric: the rubric's score, 1 to 5.</summary>
    public const string CorrectnessMetricName = "correctness";

    /// <summary>The boolean metric: whether the score reaches <see cref="PassingScore"/>.</summary>
    public const string CorrectMetricName = "correct";

    private const int QuotedAnswerLength = 300;

    /// <summary>Makes a judge that passes scores of at least <paramref name="passingScore"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="passingScore"/> is outside 1-5.</exception>
    public ReferenceAnswerJudge(int passingScore = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(passingScore, ReferenceAnswerJudgePrompt.LowestScore);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(passingScore, ReferenceAnswerJudgePrompt.HighestScore);
        PassingScore = passingScore;
    }

    /// <summary>The lowest score that counts as correct.</summary>
    public int PassingScore { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<string> EvaluationMetricNames { get; } = [CorrectnessMetricName, CorrectMetricName];

    /// <inheritdoc />
    /// <exception cref="ArgumentException">No chat configuration, or no <see cref="ReferenceAnswerContext"/> in <paramref name="additionalContext"/>.</exception>
    public async ValueTask<EvaluationResult> EvaluateAsync(
        IEnumerable<ChatMessage> messages,
        ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(modelResponse);
        if (chatConfiguration is null)
        {
            throw new ArgumentException("The reference-answer judge needs a ChatConfiguration with the judge model's chat client.", nameof(chatConfiguration));
        }

        var reference = additionalContext?.OfType<ReferenceAnswerContext>().FirstOrDefault()
            ?? throw new ArgumentException($"The reference-answer judge needs a {nameof(ReferenceAnswerContext)} in additionalContext.", nameof(additionalContext));
        // The messages' own text: RenderText would prefix roles ("[user] ..."), which the judge must not read as the answer.
        var question = messages.TryGetUserRequest(out var request) ? request.Text : messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;

        List<ChatMessage> prompt =
        [
            new(ChatRole.System, ReferenceAnswerJudgePrompt.System),
            new(ChatRole.User, ReferenceAnswerJudgePrompt.User(question, reference.Contents.OfType<TextContent>().Single().Text, modelResponse.Text)),
        ];
        var judged = await chatConfiguration.ChatClient.GetResponseAsync(prompt, new ChatOptions { Temperature = 0 }, cancellationToken).ConfigureAwait(false);

        var correctness = new NumericMetric(CorrectnessMetricName);
        var correct = new BooleanMetric(CorrectMetricName);
        if (!JudgeVerdict.TryParse(judged.Text, out var verdict, out var problem))
        {
            var quoted = judged.Text.Length > QuotedAnswerLength ? judged.Text[..QuotedAnswerLength] + "[...]" : judged.Text;
            var diagnostic = EvaluationDiagnostic.Error(
                $"The judge model '{judged.ModelId}' answered in a form the reference-answer judge cannot read ({problem}); expected the two lines 'SCORE: <1-5>' and 'REASON: <one sentence>'. Its answer: \"{quoted}\"");
            correctness.AddDiagnostics(diagnostic);
            correct.AddDiagnostics(diagnostic);
            return new EvaluationResult(correctness, correct);
        }

        var passed = verdict!.Score >= PassingScore;
        correctness.Value = verdict.Score;
        correctness.Reason = verdict.Reason;
        correctness.Interpretation = new EvaluationMetricInterpretation(
            Rating(verdict.Score),
            failed: !passed,
            reason: string.Create(CultureInfo.InvariantCulture, $"Score {verdict.Score} of 5; {PassingScore} or more passes."));
        correct.Value = passed;
        correct.Reason = verdict.Reason;
        correct.Interpretation = new EvaluationMetricInterpretation(
            passed ? EvaluationRating.Good : EvaluationRating.Unacceptable,
            failed: !passed);
        foreach (var metric in new EvaluationMetric[] { correctness, correct })
        {
            metric.AddOrUpdateChatMetadata(judged);
        }

        return new EvaluationResult(correctness, correct);
    }

    private static EvaluationRating Rating(int score) => score switch
    {
        5 => EvaluationRating.Exceptional,
        4 => EvaluationRating.Good,
        3 => EvaluationRating.Average,
        2 => EvaluationRating.Poor,
        _ => EvaluationRating.Unacceptable,
    };
}
