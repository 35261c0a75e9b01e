using RunnerHarness.Models;
using RunnerHarness.Xunit;
using WorkflowBench.Agent;
using WorkflowBench.Scoring;
using WorkflowBench.Tasks;

namespace WorkflowBench;

/// <summary>The workflow batch: one theory row per sample of the matrix file; the result and its scores go to the store.</summary>
public sealed class WorkflowBatchTests
{
    /// <summary>
    /// Plays one sample: builds the workflow of its task type and difficulty, runs the agent loop with the sample's model
    /// and prompt type against tools that fail at its tool success rate, and records turns, tool calls, tokens, scores,
    /// success level and error category. A model's failure is recorded as <c>success_level = failure</c>; the test
    /// itself fails only when the harness or the provider does, so `dotnet test` stays green for a full batch.
    /// </summary>
    [Theory]
    [ModelMatrix(WorkflowMatrix.File)]
    public async Task Workflow(ModelCase modelCase)
    {
        ArgumentNullException.ThrowIfNull(modelCase);
        var sample = modelCase.Sample;

        // The recording framework enters the sample's scope for every row; entering it again keeps the row's usage.
        using var scope = SampleScope.Enter(sample);
        var task = WorkflowTaskCatalog.For(sample);
        var toolbox = new WorkflowToolbox(task, sample.ToolSuccessRate ?? 1.0, new SampleDice(sample.ToString()));
        var client = ModelClients.Get(sample.Model!);
        var transcript = await new WorkflowAgent(client).RunAsync(task, sample.PromptType ?? "baseline", toolbox, CancellationToken.None);
        var score = WorkflowScorer.Score(task, transcript);
        WorkflowRecord.Write(ModelTestContext.Current, sample, task, transcript, score);
        Assert.InRange(transcript.Turns, 1, WorkflowAgent.MaxTurns);
    }
}
