using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using RunnerHarness.Models.Judges;
using RunnerHarness.Models.Tests.Server;
using RunnerHarness.Models.Simulation;

namespace RunnerHarness.Models.Tests.Judges;

/// <summary>The reference-answer judge against a real local server and against the simulated judge.</summary>
public sealed class ReferenceAnswerJudgeTests
{
    private static readonly ReferenceAnswerContext Reference = new("Canberra", ["Canberra ACT"]);

    [Theory]
    [InlineData("SCORE: 4\nREASON: The response gives the reference answer inside extra wording.", 4, true)]
    [InlineData("**SCORE:** 2\n**REASON:** A misspelt name.", 2, false)]
    [InlineData("score: 5", 5, true)]
    public async Task JudgeAnswer_InTheDocumentedFormat_IsReadIntoBothMetrics(string answer, int score, bool correct)
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.AnswerText = _ => answer;

        var result = await EvaluateAsync(server, "The answer to this question is Canberra, as far as I know.");

        var correctness = result.Get<NumericMetric>(ReferenceAnswerJudge.CorrectnessMetricName);
        Assert.Equal(score, correctness.Value);
        Assert.Equal(!correct, correctness.Interpretation!.Failed);
        Assert.Equal(correct, result.Get<BooleanMetric>(ReferenceAnswerJudge.CorrectMetricName).Value);
        Assert.Empty(correctness.Diagnostics ?? []);

        // The judge saw the documented prompt: the rubric, then the tagged question, reference and response.
        var request = Assert.Single(server.Requests);
        Assert.Contains("<reference_answer>\nCanberra (also accepted: Canberra ACT)\n</reference_answer>", request.LastMessage, StringComparison.Ordinal);
        Assert.Contains("<question>\nWhat is the capital city of Australia?\n</question>", request.LastMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("The response looks right to me.", "it has no line 'SCORE: <1-5>'")]
    [InlineData("SCORE: 7\nREASON: Excellent.", "its score 7 is outside 1-5")]
    [InlineData("SCORE: 4\nSCORE: 2", "it has 2 SCORE lines")]
    public async Task UnparseableJudgeAnswer_GivesNoValueAndAnErrorQuotingIt_NeverAZero(string answer, string problem)
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.AnswerText = _ => answer;

        var result = await EvaluateAsync(server, "Canberra");

        Assert.All(result.Metrics.Values, metric =>
        {
            var error = Assert.Single(metric.Diagnostics!, d => d.Severity == EvaluationDiagnosticSeverity.Error);
            Assert.Contains(problem, error.Message, StringComparison.Ordinal);
            Assert.Contains($"The judge model '{ServedRuntime.ModelId}'", error.Message, StringComparison.Ordinal);
            Assert.Contains(answer.Split('\n')[0], error.Message, StringComparison.Ordinal);
            Assert.Null(metric.Interpretation);
        });
        Assert.Null(result.Get<NumericMetric>(ReferenceAnswerJudge.CorrectnessMetricName).Value);
        Assert.Null(result.Get<BooleanMetric>(ReferenceAnswerJudge.CorrectMetricName).Value);
    }

    [Theory]
    [InlineData("Canberra", 5)]
    [InlineData("canberra act.", 5)]
    [InlineData("The answer to this question is Canberra, as far as I know.", 4)]
    [InlineData("Canbrera", 1)]
    [InlineData("I am not sure; I cannot answer this reliably.", 1)]
    public async Task SimulatedJudge_GradesByTheRubric_TheSameEveryTime(string response, int expected)
    {
        var options = new SimulatedModelOptions();
        using var judge = new SimulatedChatClient("sim-judge", options);
        var scores = new List<double?>();
        for (var sample = 0; sample < 20; sample++)
        {
            using var scope = SampleScope.Enter(Samples.Of(sample));
            var result = await new ReferenceAnswerJudge().EvaluateAsync(Question(), new ChatResponse(new ChatMessage(ChatRole.Assistant, response)), new ChatConfiguration(judge), [Reference]);
            var again = await new ReferenceAnswerJudge().EvaluateAsync(Question(), new ChatResponse(new ChatMessage(ChatRole.Assistant, response)), new ChatConfiguration(judge), [Reference]);
            Assert.Equal(result.Get<NumericMetric>(ReferenceAnswerJudge.CorrectnessMetricName).Value, again.Get<NumericMetric>(ReferenceAnswerJudge.CorrectnessMetricName).Value);
            scores.Add(result.Get<NumericMetric>(ReferenceAnswerJudge.CorrectnessMetricName).Value);
        }

        // A careful judge: the rubric's score on most samples, one point off on a few (never further, never unparsed).
        Assert.True(scores.Count(s => s == expected) >= 15, $"scores for '{response}': {string.Join(", ", scores)}");
        Assert.All(scores, s => Assert.InRange(Math.Abs(s!.Value - expected), 0, 1));
    }

    private static List<ChatMessage> Question() =>
    [
        new(ChatRole.System, "Answer the question with the answer alone."),
        new(ChatRole.User, "What is the capital city of Australia?"),
    ];

    private static async Task<EvaluationResult> EvaluateAsync(OpenAICompatibleServer server, string response)
    {
        using var runtime = ServedRuntime.Create(server);
        return await new ReferenceAnswerJudge().EvaluateAsync(
            Question(), new ChatResponse(new ChatMessage(ChatRole.Assistant, response)), new ChatConfiguration(runtime.GetClient(ServedRuntime.Model)), [Reference]);
    }
}
