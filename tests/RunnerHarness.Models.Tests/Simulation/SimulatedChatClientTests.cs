using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using RunnerHarness.Matrix;
using RunnerHarness.Models.Simulation;

namespace RunnerHarness.Models.Tests.Simulation;

public sealed class SimulatedChatClientTests
{
    private static readonly string[] Steps = ["file_reader", "data_validator", "report_writer"];

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
    public async Task Play_SameSampleInTwoClients_GivesTheSameRunAndAnotherSeedMayNot()
    {
        var sample = Sample with { Model = "sim-small", Difficulty = "very_hard" };
        var plays = new List<string>();
        foreach (var seed in Enumerable.Range(0, 12))
        {
            var once = await ScriptedTools.PlayAsync("sim-small", sample, seed);
            var again = await ScriptedTools.PlayAsync("sim-small", sample, seed);
            Assert.Equal(once, again);
            plays.Add(string.Join(" / ", once));
        }

        Assert.True(plays.Distinct().Count() > 1, "every seed played the same run");
    }

    [Fact]
    public async Task Play_RepeatedSamplesOfOneCell_GiveDifferentRuns()
    {
        var plays = new List<string>();
        foreach (var index in Enumerable.Range(0, 12))
        {
            plays.Add(string.Join(" / ", await ScriptedTools.PlayAsync("sim-small", Sample with { Model = "sim-small", Difficulty = "very_hard", SampleIndex = index })));
        }

        Assert.True(plays.Distinct().Count() >= 3, string.Join("\n", plays));
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
        Assert.Equal("sim-large", response.ModelId);
        Assert.InRange(response.Usage!.InputTokenCount!.Value, 50, 1000);
        Assert.InRange(response.Usage.OutputTokenCount!.Value, 10, 500);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task GetResponseAsync_AfterASuccessfulStep_PassesTheReturnedIdToTheNextStep()
    {
        using var client = new SimulatedChatClient("sim-large", new SimulatedModelOptions());
        using var scope = SampleScope.Enter(Sample);
        List<ChatMessage> messages =
        [
            new(ChatRole.User, WorkflowTools.Task),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "file_reader", new Dictionary<string, object?> { ["path"] = "data/orders.csv" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", """{"status":"success","dataset_id":"ds-42"}""")]),
        ];

        var response = await client.GetResponseAsync(messages, WorkflowTools.Options);

        var call = Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages.Single().Contents));
        Assert.Equal("data_validator", call.Name);
        Assert.Equal("ds-42", call.Arguments!["dataset_id"]!.ToString());
    }

    [Fact]
    public async Task GetResponseAsync_EveryStepDone_AnswersInTextAndStops()
    {
        using var client = new SimulatedChatClient("sim-large", new SimulatedModelOptions());
        using var scope = SampleScope.Enter(Sample);
        var messages = new List<ChatMessage> { new(ChatRole.User, WorkflowTools.Task) };
        foreach (var (step, index) in Steps.Select((s, i) => (s, i)))
        {
            messages.Add(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent($"call_{index}", step, new Dictionary<string, object?>())]));
            messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent($"call_{index}", new JsonObject { ["status"] = "success" }.ToJsonString())]));
        }

        var response = await client.GetResponseAsync(messages, WorkflowTools.Options);

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.StartsWith("The workflow is complete", response.Text, StringComparison.Ordinal);
        Assert.Empty(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
    }

    [Fact]
    public async Task GetResponseAsync_AfterAFailedResult_RetriesOrGivesUpNamingTheFailure()
    {
        var retried = 0;
        var gaveUp = 0;
        foreach (var index in Enumerable.Range(0, 40))
        {
            using var client = new SimulatedChatClient("sim-small", new SimulatedModelOptions());
            using var scope = SampleScope.Enter(Sample with { Model = "sim-small", Difficulty = "very_hard", SampleIndex = index });
            List<ChatMessage> messages =
            [
                new(ChatRole.User, WorkflowTools.Task),
                new(ChatRole.Assistant, [new FunctionCallContent("call_1", "file_reader", new Dictionary<string, object?> { ["path"] = "data/orders.csv" })]),
                new(ChatRole.Tool, [new FunctionResultContent("call_1", """{"status":"error","error":"disk unavailable"}""")]),
            ];

            var response = await client.GetResponseAsync(messages, WorkflowTools.Options);

            if (response.Text.Contains("disk unavailable", StringComparison.Ordinal))
            {
                gaveUp++;
            }
            else if (response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Any(c => c.Name == "file_reader"))
            {
                retried++;
            }
        }

        Assert.True(retried > 0 && gaveUp > 0, $"retried {retried}, gave up {gaveUp}");
    }

    [Fact]
    public async Task Play_ManySamples_LargerModelsAndEasierTasksCompleteMoreOften()
    {
        async Task<int> CompletedAsync(string model, string difficulty)
        {
            var count = 0;
            foreach (var index in Enumerable.Range(0, 60))
            {
                count += ScriptedTools.Completed(await ScriptedTools.PlayAsync(model, Sample with { Model = model, Difficulty = difficulty, SampleIndex = index })) ? 1 : 0;
            }

            return count;
        }

        var small = await CompletedAsync("sim-small", "hard");
        var large = await CompletedAsync("sim-large", "hard");
        var veryEasy = await CompletedAsync("sim-medium", "very_easy");
        var veryHard = await CompletedAsync("sim-medium", "very_hard");

        Assert.True(large > small + 10, $"sim-large {large} vs sim-small {small} of 60");
        Assert.True(veryEasy > veryHard + 10, $"very_easy {veryEasy} vs very_hard {veryHard} of 60");
    }

    [Fact]
    public async Task Play_FlawedSequencePrompt_SkipsAheadMoreOftenThanBaseline()
    {
        async Task<int> SkipsAsync(string promptType)
        {
            var count = 0;
            foreach (var index in Enumerable.Range(0, 80))
            {
                var moves = await ScriptedTools.PlayAsync("sim-medium", Sample with { Model = "sim-medium", PromptType = promptType, Difficulty = "medium", SampleIndex = index });
                count += moves.Any(m => m.EndsWith("-> out of order", StringComparison.Ordinal)) ? 1 : 0;
            }

            return count;
        }

        var flawed = await SkipsAsync("flawed_sequence_disorder");
        var baseline = await SkipsAsync("baseline");

        Assert.True(flawed > baseline, $"flawed {flawed} vs baseline {baseline} of 80");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_GivesTheSameCallAsGetResponseAsync()
    {
        using var client = new SimulatedChatClient("sim-large", new SimulatedModelOptions());
        using var scope = SampleScope.Enter(Sample);
        var whole = await client.GetResponseAsync([new ChatMessage(ChatRole.User, WorkflowTools.Task)], WorkflowTools.Options);

        var streamed = await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, WorkflowTools.Task)], WorkflowTools.Options).ToChatResponseAsync();

        Assert.Equal(Describe(whole), Describe(streamed));
        Assert.Equal(whole.Usage!.TotalTokenCount, streamed.Usage!.TotalTokenCount);
    }

    [Fact]
    public async Task GetResponseAsync_NoToolsOffered_AnswersInText()
    {
        using var client = new SimulatedChatClient("sim-small", new SimulatedModelOptions());

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "What is the capital of France?")]);

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.False(string.IsNullOrWhiteSpace(response.Text));
    }

    [Fact]
    public void GetService_Metadata_NamesTheSimulatedProviderAndTheModel()
    {
        using var client = new SimulatedChatClient("qwen2.5-7b-instruct", new SimulatedModelOptions());

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.Equal("simulated", metadata!.ProviderName);
        Assert.Equal("qwen2.5-7b-instruct", metadata.DefaultModelId);
    }

    private static string Describe(ChatResponse response) =>
        string.Join("|", response.Messages.SelectMany(m => m.Contents).Select(c => c switch
        {
            FunctionCallContent call => $"{call.CallId}:{call.Name}({string.Join(",", call.Arguments!.Select(a => $"{a.Key}={a.Value}"))})",
            TextContent text => text.Text,
            _ => c.GetType().Name,
        }));
}
