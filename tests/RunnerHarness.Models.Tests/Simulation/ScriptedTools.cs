using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using RunnerHarness.Matrix;
using RunnerHarness.Models.Simulation;

namespace RunnerHarness.Models.Tests.Simulation;

/// <summary>
/// Plays <see cref="WorkflowTools"/> with a simulated model to the end: every call of a step whose predecessor has
/// run succeeds and returns the id the next step needs; a step before its predecessor fails as out of order, anything
/// else (a missing argument, an unknown tool) as an error. Returns the model's moves, one line per turn.
/// </summary>
internal static class ScriptedTools
{
    private static readonly string[] Steps = ["file_reader", "data_validator", "report_writer"];

    public static async Task<IReadOnlyList<string>> PlayAsync(string model, MatrixSample sample, int seed = 0, int maxTurns = 10)
    {
        using var client = new SimulatedChatClient(model, new SimulatedModelOptions(seed));
        using var scope = SampleScope.Enter(sample);
        List<ChatMessage> messages = [new(ChatRole.User, WorkflowTools.Task)];
        var moves = new List<string>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        for (var turn = 0; turn < maxTurns; turn++)
        {
            var response = await client.GetResponseAsync(messages, WorkflowTools.Options);
            messages.AddMessages(response);
            var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().SingleOrDefault();
            if (call is null)
            {
                moves.Add("answer: " + response.Text);
                if (!response.Text.Contains("```", StringComparison.Ordinal))
                {
                    break;
                }

                messages.Add(new ChatMessage(ChatRole.User, "Call the tool through the function-calling interface."));
                continue;
            }

            var step = Array.IndexOf(Steps, call.Name);
            var inOrder = step == 0 || (step > 0 && done.Contains(Steps[step - 1]));
            var ok = step >= 0 && inOrder && call.Arguments!.Count >= (step == 2 ? 2 : 1);
            if (ok)
            {
                done.Add(call.Name);
            }

            var outcome = ok ? "ok" : step > 0 && !inOrder ? "out of order" : "error";
            moves.Add($"{call.Name}({string.Join(",", call.Arguments!.Keys.Order(StringComparer.Ordinal))}) -> {outcome}");
            JsonObject result = ok
                ? new() { ["status"] = "success", ["dataset_id"] = $"ds-{turn}" }
                : new() { ["status"] = "error", ["error"] = $"`{call.Name}` rejected the call" };
            messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, result.ToJsonString())]));
        }

        return moves;
    }

    /// <summary>Whether a play ran all three steps and ended with an answer.</summary>
    public static bool Completed(IReadOnlyList<string> moves) =>
        Steps.All(s => moves.Any(m => m.StartsWith(s + "(", StringComparison.Ordinal) && m.EndsWith("-> ok", StringComparison.Ordinal)))
        && moves[^1].StartsWith("answer: The workflow is complete", StringComparison.Ordinal);
}
