using RunnerHarness.Matrix;
using RunnerHarness.Models.Simulation;
using RunnerHarness.Xunit;
using WorkflowBench.Agent;
using WorkflowBench.Scoring;
using WorkflowBench.Tasks;

namespace WorkflowBench;

/// <summary>Writes a scored workflow run into the test's record: the seed's columns, plus its extra figures as metrics.</summary>
internal static class WorkflowRecord
{
    public static void Write(ModelTestContext context, MatrixSample sample, WorkflowTask task, WorkflowTranscript transcript, WorkflowScore score)
    {
        context.Turns = transcript.Turns;
        context.ToolCalls = transcript.Calls.Count;
        context.ToolCoverageRate = score.ToolCoverage;
        context.WorkflowScore = score.WorkflowScoreValue;
        context.Phase2Score = score.Phase2Score;
        context.QualityScore = score.QualityScore;
        context.FinalScore = score.FinalScore;
        context.AddTokens(transcript.InputTokens, transcript.OutputTokens);
        context.SetMetric("required_tools", task.Steps.Count);
        context.SetMetric("format_error_count", transcript.FormatErrors);
        context.SetMetric("transient_tool_failures", transcript.Calls.Count(c => c.Outcome == CallOutcome.TransientFailure));
        context.SetMetric("precision", score.Precision);
        if (SimulatedSkill.FlawOf(sample.PromptType) is { } flaw)
        {
            context.SetDimension("flaw_type", flaw);
        }

        context.SuccessLevel = score.SuccessLevel;
        context.ErrorCategory = score.ErrorCategory;
        context.ErrorMessage = score.ErrorMessage;
    }
}
