using System.Text.Json;
using Microsoft.Extensions.AI;

namespace RunnerHarness.Models.Simulation;

/// <summary>
/// The decisions of a simulated model on one turn. It works through its plan one tool call per turn. Each turn it can
/// slip, each slip with its own deterministic roll whose probability is <c>(1 - competence)</c> times a base rate,
/// tripled when the sample's flawed prompt invites that slip (<c>flawed_missing_step</c> an early stop,
/// <c>flawed_tool_misuse</c> a wrong tool, <c>flawed_sequence_disorder</c> a skipped step, <c>flawed_parameter_error</c>
/// a missing argument or a misremembered id, <c>flawed_redundant_operations</c> a repeated call) and raised by half for other flaws. After a
/// failed tool result it carries on (retrying or correcting) with probability <c>competence + 0.15</c>, capped at 0.95,
/// and otherwise gives up with a text answer naming the failure.
/// </summary>
internal static class SimulatedPolicy
{
    private const double FormatSlip = 0.25;
    private const double EarlyStop = 0.12;
    private const double WrongTool = 0.20;
    private const double SkipAhead = 0.20;
    private const double BadParameters = 0.20;
    private const double Redundant = 0.12;

    public static SimulatedMove Next(SimulatedConversation conversation, SimulatedDice dice, double competence, string? flaw)
    {
        var turn = conversation.Turn;
        if (conversation.Tools.Count == 0)
        {
            return SimulatedMove.Answer("No tools were offered, so I answer from what I know: the request is understood and no action is needed.");
        }

        if (conversation.LastCall is { Succeeded: false } failed && !dice.Happens("recover", turn, Math.Min(0.95, competence + 0.15)))
        {
            return SimulatedMove.Answer($"I could not complete the workflow: `{failed.Name}` failed ({failed.Error ?? "no reason given"}) and I am stopping here.");
        }

        if (conversation.NextStep is not { } next)
        {
            return SimulatedMove.Answer($"The workflow is complete. Steps run in order: {string.Join(", ", conversation.Plan)}.");
        }

        var slip = 1 - competence;
        var completed = conversation.Completed.ToList();
        var nextTool = Tool(conversation, next);
        if (dice.Happens("format", turn, slip * FormatSlip * Bias(flaw, null)))
        {
            var arguments = JsonSerializer.Serialize(SimulatedArguments.Fill(nextTool, conversation), AIJsonUtilities.DefaultOptions);
            return SimulatedMove.Answer($"Next I call the tool.\n```json\n{{\"tool\": \"{next}\", \"args\": {arguments}\n```");
        }

        if (completed.Count > 0 && dice.Happens("stop_early", turn, slip * EarlyStop * Bias(flaw, "missing_step")))
        {
            return SimulatedMove.Answer($"The workflow is complete. Steps run: {string.Join(", ", completed)}.");
        }

        var distractors = conversation.Tools.Where(t => !conversation.Plan.Contains(t.Name)).ToList();
        if (distractors.Count > 0 && dice.Happens("wrong_tool", turn, slip * WrongTool * Bias(flaw, "tool_misuse")))
        {
            var wrong = distractors[dice.Pick("wrong_tool_choice", turn, distractors.Count)];
            return SimulatedMove.Call(wrong.Name, SimulatedArguments.Fill(wrong, conversation));
        }

        var position = IndexOf(conversation.Plan, next);
        if (position + 1 < conversation.Plan.Count && dice.Happens("skip_ahead", turn, slip * SkipAhead * Bias(flaw, "sequence_disorder")))
        {
            var ahead = Tool(conversation, conversation.Plan[position + 1]);
            return SimulatedMove.Call(ahead.Name, SimulatedArguments.Fill(ahead, conversation));
        }

        var required = SimulatedArguments.Required(nextTool).Order(StringComparer.Ordinal).ToList();
        if (required.Count > 0 && dice.Happens("bad_parameters", turn, slip * BadParameters * Bias(flaw, "parameter_error")))
        {
            var arguments = SimulatedArguments.Fill(nextTool, conversation);
            var spoiled = required[dice.Pick("bad_parameter_choice", turn, required.Count)];
            if (conversation.Outputs.ContainsKey(spoiled))
            {
                // An id from an earlier result gets misremembered rather than left out.
                arguments[spoiled] = $"{spoiled.Replace('_', '-')}-1";
            }
            else
            {
                arguments.Remove(spoiled);
            }

            return SimulatedMove.Call(next, arguments);
        }

        if (completed.Count > 0 && dice.Happens("redundant", turn, slip * Redundant * Bias(flaw, "redundant_operations")))
        {
            var again = Tool(conversation, completed[^1]);
            return SimulatedMove.Call(again.Name, SimulatedArguments.Fill(again, conversation));
        }

        return SimulatedMove.Call(next, SimulatedArguments.Fill(nextTool, conversation));
    }

    // A flaw triples the slip it invites; flaws that invite no particular slip make every slip half as likely again.
    private static double Bias(string? flaw, string? invited) => flaw switch
    {
        null => 1.0,
        _ when flaw == invited => 3.0,
        "missing_step" or "tool_misuse" or "sequence_disorder" or "parameter_error" or "redundant_operations" => 1.0,
        _ => 1.5,
    };

    private static AIFunctionDeclaration Tool(SimulatedConversation conversation, string name) =>
        conversation.Tools.First(t => t.Name == name);

    private static int IndexOf(IReadOnlyList<string> plan, string step)
    {
        for (var i = 0; i < plan.Count; i++)
        {
            if (plan[i] == step)
            {
                return i;
            }
        }

        return -1;
    }
}
