using Microsoft.Extensions.AI;
using QaBench.Prompts;
using QaBench.Scoring;
using RunnerHarness.Models;
using RunnerHarness.Models.Judges;
using RunnerHarness.Xunit;

namespace QaBench;

/// <summary>The question-answering batch: one row per model and question of the dataset; each answer is graded and recorded.</summary>
public sealed class QaBatchTests
{
    private static readonly ReferenceAnswerJudge Judge = new();

    /// <summary>
    /// Asks the row's model the row's question (<c>questions.jsonl</c>, one item per row) and grades the answer by exact match
    /// against the item's reference answer and aliases, after normalisation (<see cref="AnswerNormalizer"/>), and by the
    /// reference-answer judge on <see cref="QaJudge.Model"/>. A wrong answer
    /// is recorded as <c>success_level = failure</c>; the test itself fails only when the harness or the provider does, so
    /// `dotnet test` stays green for a full batch.
    /// </summary>
    [Theory]
    [ModelMatrix("qa-matrix.json")]
    public async Task Answer(ModelCase modelCase)
    {
        ArgumentNullException.ThrowIfNull(modelCase);
        var question = QaQuestion.Of(modelCase.DatasetItem
            ?? throw new InvalidOperationException($"The row {modelCase} has no dataset item; qa-matrix.json must name the dataset."));

        // The recording framework enters the sample's scope for every row; entering it again keeps the row's usage.
        using var scope = SampleScope.Enter(modelCase.Sample);
        var client = ModelClients.Get(modelCase.Model!);
        IReadOnlyList<ChatMessage> messages = QaPrompt.For(question);
        var response = await client.GetResponseAsync(messages, cancellationToken: CancellationToken.None);

        var exactMatch = ExactMatchScorer.Grade(question, response.Text);
        QaRecord.Write(ModelTestContext.Current, question, exactMatch);

        // The judge grades the same conversation and response against the reference answer, on its own model of ModelClients
        // (README, "The judge"): metrics correctness, correct, and dimensions judge_model, judge_model_id.
        await ModelTestContext.Current.EvaluateAsync(
            Judge, QaJudge.Model, messages, response, [new ReferenceAnswerContext(question.References[0], question.References.Skip(1))]);
        Assert.NotNull(response.Text);
    }
}
