using Microsoft.Extensions.AI;
using RunnerHarness.Matrix;
using RunnerHarness.Models.Simulation;

namespace RunnerHarness.Models.Tests.Simulation;

public sealed class SimulatedChatClientTests
{
    private static readonly MatrixSample Sample = new()
    {
        Model = "sim-large", PromptType = "optimal", Difficulty = "very_easy", TaskType = "data_pipeline", ToolSuccessRate = 0.8, SampleIndex = 0,
    };

    [Fact]
    public async Task GetResponseAsync_SameSampleTwice_GivesTheSameAnswer()
    {
        using var client = new SimulatedChatClient("sim-medium", new SimulatedModelOptions(Seed: 7));
        using var scope = SampleScope.Enter(Sample with { Model = "sim-medium", Difficulty = "hard" });

        var first = await client.GetResponseAsync([new ChatMessage(ChatRole.User, WorkflowTools.Task)], WorkflowTools.Options);
        var second = await client.GetResponseAsync([new ChatMessage(ChatRole.User, WorkflowTools.Task)], WorkflowTools.Options);

        Assert.Equal(Describe(first), Describe(second));
    }

    [Fact]
    public async Task GetResponseAsync_FirstTurnOfAnEasyTask_CallsTheFirstStepWithTheTaskArgumentAndReportsUsage()
    {
        using var client = new SimulatedChatClient("sim-large", new SimulatedModelOptions());
        using var scope = SampleScope.Enter(Sample);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, WorkflowTools.Task)], WorkflowTools.Options);

        var call = Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages.Single().Contents));
        Assert.Equal("file_reader", call.Name);
        Assert.Equal("data/orders.csv", call.Arguments!["path"]);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.InRange(response.Usage!.InputTokenCount!.Value, 50, 1000);
        Assert.InRange(response.Usage.OutputTokenCount!.Value, 10, 500);
    }

    private static string Describe(ChatResponse response) =>
        string.Join("|", response.Messages.SelectMany(m => m.Contents).Select(c => c switch
        {
            FunctionCallContent call => $"{call.CallId}:{call.Name}({string.Join(",", call.Arguments!.Select(a => $"{a.Key}={a.Value}"))})",
            TextContent text => text.Text,
            _ => c.GetType().Name,
        }));
}
