using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using RunnerHarness.Models;
using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Models.Judges;
using RunnerHarness.Models.Tests.Server;
using RunnerHarness.Models.Usage;
using RunnerHarness.Schema;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Xunit.Tests.Judges;

/// <summary>
/// <see cref="ModelTestContext.EvaluateAsync"/> with a judge served by a real local server: what lands in the record,
/// the judge's conversation in the transcript, and a judge answer the evaluator cannot read failing the test.
/// </summary>
public sealed class ModelTestContextJudgeTests
{
    private const string Judge = "gpt-4o-judge";
    private const string JudgeId = "gpt-4o-2024-08-06";

    [Fact]
    public async Task EvaluateAsync_RecordsEveryMetricKindInterpretationAndReason_AndNamesTheJudge()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.AnswerText = _ => "SCORE: 4\nREASON: The response gives the reference answer inside extra wording.";
        var (context, record) = await EvaluateAsync(server, new CompositeEvaluator(new ReferenceAnswerJudge(), new ToneEvaluator()));

        Assert.Equal(4, record.Metrics!["correctness"]);
        Assert.Equal(1, record.Metrics["correct"]);
        Assert.Equal(0, record.Metrics["correctness.failed"]);
        Assert.Equal("good", record.Dimensions!["correctness.rating"]);
        Assert.Equal("The response gives the reference answer inside extra wording.", record.Dimensions["correctness.reason"]);
        Assert.Equal("neutral", record.Dimensions["tone"]);
        Assert.Equal(1, record.Metrics["tone.failed"]);
        Assert.Equal("poor", record.Dimensions["tone.rating"]);
        Assert.Equal((Judge, JudgeId), (record.Dimensions["judge_model"], record.Dimensions["judge_model_id"]));

        var judged = context.TranscriptMessages.Where(m => m.Kind == TranscriptKinds.Judge).ToList();
        Assert.Equal([TranscriptRoles.System, TranscriptRoles.User, TranscriptRoles.Assistant], judged.Select(m => m.Role));
        Assert.All(judged, m => Assert.Equal(Judge, m.Model));
    }

    [Fact]
    public async Task EvaluateAsync_AnUnreadableJudgeAnswer_FailsTheTestNamingTheJudgeAndQuotingItsAnswer()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.AnswerText = _ => "Looks right to me.";

        var failure = await Assert.ThrowsAsync<JudgeFailedException>(() => EvaluateAsync(server, new ReferenceAnswerJudge()));

        Assert.StartsWith($"The evaluator ReferenceAnswerJudge on the judge model '{Judge}' reported 2 error(s); no metric of it is recorded.", failure.Message, StringComparison.Ordinal);
        Assert.Contains("(it has no line 'SCORE: <1-5>')", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Its answer: \"Looks right to me.\"", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_AStringMetricNamedLikeACellColumn_FailsRatherThanMoveTheRow()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();

        var failure = await Assert.ThrowsAsync<JudgeFailedException>(() => EvaluateAsync(server, new ToneEvaluator("model")));

        Assert.Contains("returned the string metric 'model', which is the name of a record column", failure.Message, StringComparison.Ordinal);
    }

    private static async Task<(ModelTestContext Context, ResultRecord Record)> EvaluateAsync(OpenAICompatibleServer server, IEvaluator evaluator)
    {
        var json = $$"""
            {
              "providers": { "local": { "kind": "openai-compatible", "endpoint": "{{server.BaseUrl}}" } },
              "models": { "{{Judge}}": { "provider": "local", "model_id": "{{JudgeId}}" } }
            }
            """;
        var models = ModelsConfigurationReader.Parse(json, "/tmp/runner-harness.models.json", "the test's models file");
        using var runtime = ModelRuntime.Create(
            new ModelRunSettings(models, ResponseCacheMode.Off, Path.Combine(Path.GetTempPath(), "runner-harness-tests", "unused-cache"), Path.Combine(Path.GetTempPath(), $"runner-harness-tests-limits-{Environment.UserName}")),
            getVariable: _ => null);
        using var installed = ModelClients.Use(runtime);
        var context = new ModelTestContext { Usage = new SampleUsage() };
        using var scope = SampleScope.EnterUsage(context.Usage, context.Transcript);

        List<ChatMessage> question = [new(ChatRole.User, "What is the capital city of Australia?")];
        var answer = new ChatResponse(new ChatMessage(ChatRole.Assistant, "It is Canberra."));
        await context.EvaluateAsync(evaluator, Judge, question, answer, [new ReferenceAnswerContext("Canberra")]);

        var record = new ResultRecordBuilder { Model = "sim-small" };
        context.ApplyTo(record);
        return (context, record.Build());
    }

    // A second evaluator of another shape: a string metric with an interpretation that fails.
    private sealed class ToneEvaluator(string name = "tone") : IEvaluator
    {
        public IReadOnlyCollection<string> EvaluationMetricNames { get; } = [name];

        public ValueTask<EvaluationResult> EvaluateAsync(
            IEnumerable<ChatMessage> messages, ChatResponse modelResponse, ChatConfiguration? chatConfiguration = null,
            IEnumerable<EvaluationContext>? additionalContext = null, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new EvaluationResult(new StringMetric(name, "neutral")
            {
                Interpretation = new EvaluationMetricInterpretation(EvaluationRating.Poor, failed: true, reason: "Too flat."),
            }));
    }
}
