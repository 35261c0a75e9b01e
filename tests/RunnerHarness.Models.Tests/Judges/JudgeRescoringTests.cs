using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Judges;
using RunnerHarness.Models.Tests.Server;
using RunnerHarness.Models.Transcripts;
using RunnerHarness.Models.Usage;
using RunnerHarness.Tests;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Models.Tests.Judges;

/// <summary>
/// Re-scoring a finished study with a new judge, counted at a real local server: the models under test are answered
/// from the cache alone, and only the new judge is called.
/// </summary>
public sealed class JudgeRescoringTests
{
    private const int SampleCount = 3;
    private static readonly ReferenceAnswerJudge Judge = new();

    [Fact]
    public async Task RescoringAFinishedStudyWithANewJudge_OfflineFromCachedAnswers_CallsOnlyTheNewJudge()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.AnswerText = request => request.Model == ServedRuntime.ModelId ? "Canberra" : "SCORE: 5\nREASON: The response gives the reference answer.";
        using var cache = new TemporaryDirectory();

        using (var study = ServedJudgeStudy.Create(server, ResponseCacheMode.ReadWrite, cache.Path))
        {
            await GradeAllAsync(study, ServedJudgeStudy.FirstJudge);
        }

        Assert.Equal(SampleCount, server.Requests.Count(r => r.Model == ServedRuntime.ModelId));
        Assert.Equal(SampleCount, server.Requests.Count(r => r.Model == ServedJudgeStudy.FirstJudgeId));
        var afterStudy = server.Requests.Count;

        IReadOnlyList<EvaluationResult> rescored;
        using (var rescoring = ServedJudgeStudy.Create(server, ResponseCacheMode.Offline, cache.Path))
        {
            rescored = await GradeAllAsync(rescoring, ServedJudgeStudy.SecondJudge);
        }

        var calls = server.Requests.Skip(afterStudy).ToList();
        Assert.DoesNotContain(calls, r => r.Model == ServedRuntime.ModelId);
        Assert.Equal(SampleCount, calls.Count(r => r.Model == ServedJudgeStudy.SecondJudgeId));
        Assert.Equal(SampleCount, calls.Count);
        Assert.All(rescored, r => Assert.Equal(5, r.Get<NumericMetric>(ReferenceAnswerJudge.CorrectnessMetricName).Value));

        // The new judge's answers were kept: the re-scoring itself replays with no call at all.
        using (var replay = ServedJudgeStudy.Create(server, ResponseCacheMode.Offline, cache.Path))
        {
            await GradeAllAsync(replay, ServedJudgeStudy.SecondJudge);
        }

        Assert.Equal(afterStudy + SampleCount, server.Requests.Count);
    }

    [Fact]
    public async Task Offline_AModelUnderTestCallTheStudyNeverMade_StillFailsWithoutARequest_WhileJudgeCallsGoThrough()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        using var cache = new TemporaryDirectory();
        using var runtime = ServedJudgeStudy.Create(server, ResponseCacheMode.Offline, cache.Path);
        using var scope = SampleScope.Enter(Samples.Of(0), new SampleUsage());

        await Assert.ThrowsAsync<ResponseCacheMissException>(() => runtime.GetClient(ServedRuntime.Model).GetResponseAsync(ServedJudgeStudy.Question(0)));
        Assert.Empty(server.Requests);

        using (TranscriptScope.As(TranscriptKinds.Judge))
        {
            await runtime.GetClient(ServedJudgeStudy.SecondJudge).GetResponseAsync(ServedJudgeStudy.Question(0));
        }

        Assert.Equal(ServedJudgeStudy.SecondJudgeId, Assert.Single(server.Requests).Model);
    }

    // Each sample: the model under test answers, and the judge grades the answer, its calls marked as the judge's.
    private static async Task<IReadOnlyList<EvaluationResult>> GradeAllAsync(ModelRuntime runtime, string judge)
    {
        var results = new List<EvaluationResult>();
        for (var index = 0; index < SampleCount; index++)
        {
            using var scope = SampleScope.Enter(Samples.Of(index), new SampleUsage());
            var question = ServedJudgeStudy.Question(index);
            var answer = await runtime.GetClient(ServedRuntime.Model).GetResponseAsync(question);
            using (TranscriptScope.As(TranscriptKinds.Judge))
            {
                results.Add(await Judge.EvaluateAsync(
                    question, answer, new ChatConfiguration(runtime.GetClient(judge)), [new ReferenceAnswerContext("Canberra")]));
            }
        }

        return results;
    }
}
