using Microsoft.Extensions.AI;
using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Models.Tests.Server;
using RunnerHarness.Models.Usage;

namespace RunnerHarness.Models.Tests;

public sealed class ModelClientsTests
{
    [Fact]
    public async Task Get_OpenAICompatibleServerWithTools_CallsTheToolAndCountsUsageIntoTheSample()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.CallToolsWhenOffered = true;
        using var runtime = ServedRuntime.Create(server);
        using var installed = ModelClients.Use(runtime);
        var usage = new SampleUsage();
        var readCsv = AIFunctionFactory.Create((string path) => $"3 rows read from {path}", "read_csv", "Reads a CSV file.");
        var options = new ChatOptions { Tools = [readCsv] };
        List<ChatMessage> messages = [new(ChatRole.User, "Load /data/orders.csv and report how many orders there are.")];

        ChatResponse first;
        ChatResponse second;
        using (SampleScope.Enter(Samples.Of(0), usage))
        {
            var client = ModelClients.Get(ServedRuntime.Model);
            first = await client.GetResponseAsync(messages, options);
            var call = Assert.IsType<FunctionCallContent>(Assert.Single(first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()));
            messages.AddRange(first.Messages);
            messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, await readCsv.InvokeAsync(new AIFunctionArguments(call.Arguments!)))]));
            second = await client.GetResponseAsync(messages, options);
        }

        Assert.Equal("read_csv", first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single().Name);
        Assert.Equal("/data/orders.csv", first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single().Arguments!["path"]?.ToString());
        Assert.StartsWith("answer 2 to: ", second.Text, StringComparison.Ordinal);
        Assert.Contains("3 rows read from /data/orders.csv", second.Text, StringComparison.Ordinal);
        Assert.Equal("tool", server.Requests[1].Body.GetProperty("messages").EnumerateArray().Last().GetProperty("role").GetString());
        Assert.All(server.Requests, r => Assert.Equal(ServedRuntime.ModelId, r.Model));
        Assert.All(server.Requests, r => Assert.Equal(["read_csv"], r.Tools));
        Assert.Equal(2, usage.Calls);
        Assert.Equal(2, usage.Requests);
        Assert.Equal(0, usage.Retries);
        Assert.Equal(first.Usage!.InputTokenCount + second.Usage!.InputTokenCount, usage.InputTokens);
        Assert.Equal(24, usage.OutputTokens);
        Assert.True(usage.LatencyMilliseconds > 0);
        Assert.Null(usage.InfrastructureFailure);
    }

    [Fact]
    public async Task Get_StreamingCall_StreamsTheServersAnswer()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        using var runtime = ServedRuntime.Create(server);
        var client = runtime.GetClient(ServedRuntime.Model);

        var response = await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Name the first stage of the pipeline.")]).ToChatResponseAsync();

        Assert.Equal("answer 1 to: Name the first stage of the pipeline.", response.Text);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Get_ModelTheFileDoesNotName_FailsNamingTheModelAndTheOnesItNames()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        using var runtime = ServedRuntime.Create(server);

        var error = Assert.Throws<ModelsConfigurationException>(() => runtime.GetClient("gpt-4o-mini"));

        Assert.Contains("'gpt-4o-mini' is not in the models file", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{ServedRuntime.Model}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_KeyVariableUnset_FailsNamingTheVariableWithoutSendingARequest()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        using var runtime = ServedRuntime.Create(server, keys: new Dictionary<string, string> { ["VLLM_KEY_A"] = "sk-local-a-5f1c9e2b7d4a4c0e8b3f", ["VLLM_KEY_B"] = "" });

        var error = Assert.Throws<ModelsConfigurationException>(() => runtime.GetClient(ServedRuntime.Model));

        Assert.Contains("from the environment variable VLLM_KEY_B, which is not set", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-local-a", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Get_NoModelsFile_PlaysTheSimulatedModelThroughThePipelineAndCountsItsUsage()
    {
        using var runtime = ModelRuntime.Create(new ModelRunSettings(ModelsConfiguration.BuiltInSimulation, ResponseCacheMode.Offline, "/nonexistent/cache"));
        var usage = new SampleUsage();
        var readCsv = AIFunctionFactory.Create((string path) => $"3 rows read from {path}", "read_csv", "Reads a CSV file.");

        ChatResponse response;
        using (SampleScope.Enter(Samples.Of(0) with { Model = "sim-large" }, usage))
        {
            response = await runtime.GetClient("sim-large").GetResponseAsync(
                [new ChatMessage(ChatRole.User, "Use read_csv to load /data/orders.csv.")], new ChatOptions { Tools = [readCsv] });
        }

        Assert.NotEmpty(response.Messages);
        Assert.Equal(1, usage.Calls);
        Assert.Equal(1, usage.Requests);
        Assert.Equal(0, usage.CacheHits);
        Assert.True(usage.InputTokens > 0);
        Assert.Equal(ModelsConfiguration.SimulatedProviderName, runtime.GetClient("sim-large").GetService<ChatClientMetadata>()!.ProviderName);
    }

    // Contract 7's provenance: the record's model_id is what was asked for, response_model what the answer named.
    [Fact]
    public async Task Get_ProviderAnswersWithADatedModel_NotesTheAskedIdAndTheAnsweringModelForTheSample()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.AnsweringModel = ServedRuntime.ModelId + "-2025-01-15";
        using var runtime = ServedRuntime.Create(server);
        using var installed = ModelClients.Use(runtime);
        var usage = new SampleUsage();

        using (SampleScope.Enter(Samples.Of(0), usage))
        {
            await ModelClients.Get(ServedRuntime.Model).GetResponseAsync([new ChatMessage(ChatRole.User, "How many orders are in /data/orders.csv?")]);
        }

        Assert.All(server.Requests, r => Assert.Equal(ServedRuntime.ModelId, r.Model));
        Assert.Equal((ServedRuntime.ModelId, ServedRuntime.ModelId + "-2025-01-15"), usage.ModelOf(ServedRuntime.Model));
        Assert.Null(usage.ModelOf("claude-haiku-4"));
    }

    [Fact]
    public async Task Get_CallWithSamplingOptions_NotesTheProviderKindAndTheOptionsItSetForTheSample()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        using var runtime = ServedRuntime.Create(server);
        using var installed = ModelClients.Use(runtime);
        var usage = new SampleUsage();
        var options = new ChatOptions { Temperature = 0.2f, Seed = 7, MaxOutputTokens = 256 };

        using (SampleScope.Enter(Samples.Of(0), usage))
        {
            await ModelClients.Get(ServedRuntime.Model).GetResponseAsync([new ChatMessage(ChatRole.User, "Sum the totals in /data/orders.csv.")], options);
            await ModelClients.Get(ServedRuntime.Model).GetResponseAsync([new ChatMessage(ChatRole.User, "And the average?")], new ChatOptions { Temperature = 1 });
        }

        // The first call's settings are the sample's; top_p was not set, so it is not recorded.
        Assert.Equal(
            new Dictionary<string, string> { ["provider_kind"] = "openai-compatible", ["temperature"] = "0.2", ["max_output_tokens"] = "256", ["seed"] = "7" },
            usage.CallSettingsOf(ServedRuntime.Model));
        Assert.Empty(usage.CallSettingsOf("claude-haiku-4"));
    }
}
