using RunnerHarness.Schema;
using WorkflowBench.Agent;
using WorkflowBench.Tasks;

namespace WorkflowBench.Scoring;

/// <summary>
/// Scores a workflow run with the seed's rules.
/// <list type="bullet">
/// <item><c>tool_coverage_rate</c> = required steps that succeeded / required steps.</item>
/// <item>precision = calls that did what the workflow needed (first successes of required steps) / calls that were the
/// model's doing (all calls but transient tool failures).</item>
/// <item><c>workflow_score</c> = 0.7 x coverage + 0.3 x precision: did it run the right tools, and only those.</item>
/// <item><c>phase2_score</c> = delivery x efficiency: delivery is 1 when the model ended with an answer after every step
/// succeeded, else 0.6 x coverage; efficiency is 1 - 0.1 per turn beyond the minimum (one per step, one per transient
/// failure, one for the answer) - 0.15 per tool call written as text, at least 0.2.</item>
/// <item><c>quality_score</c> = precision x (1 - 0.15 per tool call written as text), at least 0.</item>
/// <item><c>final_score</c> = 0.4 x workflow + 0.4 x phase2 + 0.2 x quality.</item>
/// <item><c>success_level</c> as in the seed: full when workflow and phase2 are both at least 0.8, partial when either
/// is at least 0.5, else failure.</item>
/// </list>
/// A run that is not a full success gets one error category, the first that applies: <c>tool_call_format</c> (no tool
/// call at all), <c>timeout</c>, <c>max_turns</c>, then the model's first mistake in call order (<c>tool_selection</c>
/// for a wrong or unknown tool, <c>parameter_config</c>, <c>sequence_order</c>, <c>dependency</c>), then
/// <c>tool_call_format</c> (tool calls written as text), <c>sequence_order</c> (stopped with required tools not
/// completed, the seed's rule), and <c>other</c> (gave up after a transient failure, or a redundant run).
/// </summary>
internal static class WorkflowScorer
{
    public static WorkflowScore Score(WorkflowTask task, WorkflowTranscript transcript)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(transcript);
        var steps = task.Steps.Count;
        var completed = transcript.Calls.Count(c => c.Outcome == CallOutcome.Completed);
        var transient = transcript.Calls.Count(c => c.Outcome == CallOutcome.TransientFailure);
        var ownCalls = transcript.Calls.Count - transient;
        var coverage = (double)completed / steps;
        var precision = ownCalls == 0 ? 0 : (double)completed / ownCalls;
        var delivered = transcript.Ending == AgentEnding.Answered && completed == steps;
        var extraTurns = Math.Max(0, transcript.Turns - (steps + transient + 1));
        var efficiency = Math.Max(0.2, 1 - (0.1 * extraTurns) - (0.15 * transcript.FormatErrors));
        var workflow = Round((0.7 * coverage) + (0.3 * precision));
        var phase2 = Round((delivered ? 1.0 : 0.6 * coverage) * efficiency);
        var quality = Round(Math.Max(0, precision * (1 - (0.15 * transcript.FormatErrors))));
        var level = workflow >= 0.8 && phase2 >= 0.8 ? SuccessLevel.FullSuccess
            : workflow >= 0.5 || phase2 >= 0.5 ? SuccessLevel.PartialSuccess
            : SuccessLevel.Failure;
        var (category, message) = level == SuccessLevel.FullSuccess ? (null, null) : Classify(task, transcript, completed);
        return new WorkflowScore(Round(coverage), Round(precision), workflow, phase2, quality, Round((0.4 * workflow) + (0.4 * phase2) + (0.2 * quality)), level, category, message);
    }

    private static (string Category, string Message) Classify(WorkflowTask task, WorkflowTranscript transcript, int completed)
    {
        if (transcript.Calls.Count == 0)
        {
            return (ErrorCategory.ToolCallFormat, $"no tool calls in {transcript.Turns} turns ({transcript.FormatErrors} written as text)");
        }

        if (transcript.Ending == AgentEnding.Timeout)
        {
            return (ErrorCategory.Timeout, $"agent timeout after {WorkflowAgent.TimeLimit.TotalMinutes:0} minutes");
        }

        if (transcript.Ending == AgentEnding.MaxTurns)
        {
            return (ErrorCategory.MaxTurns, $"max turns reached ({WorkflowAgent.MaxTurns}) with {completed} of {task.Steps.Count} required tools completed");
        }

        var mistake = transcript.Calls.FirstOrDefault(c => c.Outcome is CallOutcome.Distractor or CallOutcome.UnknownTool or CallOutcome.InvalidParameters or CallOutcome.OutOfOrder or CallOutcome.BrokenDependency);
        switch (mistake?.Outcome)
        {
            case CallOutcome.Distractor:
                return (ErrorCategory.ToolSelection, $"tool selection error: called `{mistake.Tool}`, which the workflow does not need");
            case CallOutcome.UnknownTool:
                return (ErrorCategory.ToolSelection, mistake.Error!);
            case CallOutcome.InvalidParameters:
                return (ErrorCategory.ParameterConfig, mistake.Error!);
            case CallOutcome.OutOfOrder:
                return (ErrorCategory.SequenceOrder, mistake.Error!);
            case CallOutcome.BrokenDependency:
                return (ErrorCategory.Dependency, mistake.Error!);
        }

        if (transcript.FormatErrors > 0)
        {
            return (ErrorCategory.ToolCallFormat, $"tool call format errors detected: {transcript.FormatErrors} tool calls written as text");
        }

        var missing = task.Steps.Where(s => !transcript.Calls.Any(c => c.Tool == s.Name && c.Outcome == CallOutcome.Completed)).Select(s => s.Name).ToList();
        if (missing.Count > 0 && transcript.Calls[^1].Outcome != CallOutcome.TransientFailure)
        {
            return (ErrorCategory.SequenceOrder, $"required tools not completed: {string.Join(", ", missing)}");
        }

        return missing.Count > 0
            ? (ErrorCategory.Other, $"gave up after `{transcript.Calls[^1].Tool}` failed transiently; not completed: {string.Join(", ", missing)}")
            : (ErrorCategory.Other, $"workflow completed with {transcript.Calls.Count(c => c.Outcome == CallOutcome.Repeated)} redundant calls and {transcript.Turns} turns");
    }

    private static double Round(double value) => Math.Round(value, 3);
}
