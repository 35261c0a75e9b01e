using Microsoft.Extensions.AI;
using WorkflowBench.Prompts;
using WorkflowBench.Tasks;

namespace WorkflowBench.Agent;

/// <summary>
/// The agent loop: sends the task and the tool declarations to the model, runs every tool call it makes against the
/// <see cref="WorkflowToolbox"/> and sends the results back, for at most <see cref="MaxTurns"/> turns (one model response
/// each) and within <see cref="TimeLimit"/>. A text answer without a tool call ends the run, unless it is a tool call
/// written as text (a format error): then the model is told to use the function-calling interface and the run goes on.
/// </summary>
internal sealed class WorkflowAgent(IChatClient client)
{
    /// <summary>The turn limit, as in the seed.</summary>
    public const int MaxTurns = 10;

    /// <summary>The time limit of one run, as in the seed.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromMinutes(10);

    private const string FormatNudge = "Your tool call was written as text, so nothing ran. Call the tool through the function-calling interface.";

    /// <summary>Runs <paramref name="task"/> under <paramref name="promptType"/> with <paramref name="toolbox"/>.</summary>
    public async Task<WorkflowTranscript> RunAsync(WorkflowTask task, string promptType, WorkflowToolbox toolbox, CancellationToken cancellationToken)
    {
        List<ChatMessage> messages = [new(ChatRole.System, WorkflowPrompt.System), new(ChatRole.User, WorkflowPrompt.User(task, promptType))];
        var options = new ChatOptions { Tools = task.Declarations(), ToolMode = ChatToolMode.Auto, AllowMultipleToolCalls = true };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeLimit);
        var (turns, formatErrors, input, output) = (0, 0, 0L, 0L);
        try
        {
            while (turns < MaxTurns)
            {
                var response = await client.GetResponseAsync(messages, options, limit.Token).ConfigureAwait(false);
                turns++;
                input += response.Usage?.InputTokenCount ?? 0;
                output += response.Usage?.OutputTokenCount ?? 0;
                messages.AddMessages(response);
                var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
                if (calls.Count == 0)
                {
                    if (!IsToolCallAsText(response.Text, task))
                    {
                        return new(turns, toolbox.Calls, formatErrors, input, output, AgentEnding.Answered, response.Text);
                    }

                    formatErrors++;
                    messages.Add(new ChatMessage(ChatRole.User, FormatNudge));
                    continue;
                }

                foreach (var call in calls)
                {
                    var record = toolbox.Execute(call);
                    messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, record.Result)]));
                }
            }

            return new(turns, toolbox.Calls, formatErrors, input, output, AgentEnding.MaxTurns, null);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new(turns, toolbox.Calls, formatErrors, input, output, AgentEnding.Timeout, null);
        }
    }

    // A tool call written as text: a JSON or code block naming an offered tool.
    private static bool IsToolCallAsText(string text, WorkflowTask task) =>
        (text.Contains('{', StringComparison.Ordinal) || text.Contains("```", StringComparison.Ordinal))
        && task.Offered.Any(t => text.Contains(t.Name, StringComparison.Ordinal));
}
