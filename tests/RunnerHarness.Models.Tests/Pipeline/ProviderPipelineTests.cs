using Microsoft.Extensions.AI;
using RunnerHarness.Models.Pipeline;
using RunnerHarness.Models.Tests.Server;
using RunnerHarness.Models.Usage;
using RunnerHarness.Schema;

namespace RunnerHarness.Models.Tests.Pipeline;

/// <summary>Retries, Retry-After and the key pool, against a real local server; waits are checked on the server's clock, as lower bounds.</summary>
public sealed class ProviderPipelineTests
{
    private static readonly Dictionary<string, string> TwoKeys = new()
    {
        ["VLLM_KEY_A"] = "sk-local-a-5f1c9e2b7d4a4c0e8b3f",
        ["VLLM_KEY_B"] = "sk-local-b-93d0a7c1e6f24b58a0c2",
    };

    [Fact]
    public async Task Send_429WithRetryAfter_RetriesNoSoonerThanTheServerAsked()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Reply = r => r.Number == 1 ? ServerReply.RateLimited(retryAfterSeconds: 1) : ServerReply.Completion;
        using var runtime = ServedRuntime.Create(server);
        var usage = new SampleUsage();

        using (SampleScope.Enter(Samples.Of(0), usage))
        {
            await runtime.GetClient(ServedRuntime.Model).GetResponseAsync("Which stage reads the orders file?");
        }

        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].ArrivedAt - requests[0].ArrivedAt >= TimeSpan.FromSeconds(1), $"retried {requests[1].ArrivedAt - requests[0].ArrivedAt} after the 429");
        Assert.Equal(1, usage.Retries);
        Assert.Equal(2, usage.Requests);
    }

    [Fact]
    public async Task Send_AbsurdRetryAfter_WaitsOnlyTheCapAndSucceeds()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Reply = r => r.Number == 1 ? ServerReply.RateLimited(retryAfterSeconds: 410_400) : ServerReply.Completion;
        using var runtime = ServedRuntime.Create(server, "\"retry_after_cap_seconds\": 1");

        var response = await runtime.GetClient(ServedRuntime.Model).GetResponseAsync("Summarise the API integration task.");

        var requests = server.Requests;
        Assert.Equal("answer 2 to: Summarise the API integration task.", response.Text);
        Assert.True(requests[1].ArrivedAt - requests[0].ArrivedAt >= TimeSpan.FromSeconds(1), "the cap is still a wait");
    }

    [Fact]
    public async Task Send_500Then200_SucceedsWithTheRetryCounted()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Reply = r => r.Number == 1 ? ServerReply.ServerError : ServerReply.Completion;
        using var runtime = ServedRuntime.Create(server);
        var usage = new SampleUsage();

        ChatResponse response;
        using (SampleScope.Enter(Samples.Of(0), usage))
        {
            response = await runtime.GetClient(ServedRuntime.Model).GetResponseAsync("Validate the schema of orders.csv.");
        }

        Assert.Equal("answer 2 to: Validate the schema of orders.csv.", response.Text);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(1, usage.Retries);
        Assert.Equal(1, usage.Calls);
        Assert.Equal(1, usage.Metrics[SampleUsage.RetriesMetric]);
    }

    [Fact]
    public async Task Send_429UntilRetriesRunOut_FailsAsRateLimitedAndMarksTheSample()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Reply = _ => new ServerReply(429, """{"error":{"message":"Rate limit reached","type":"requests"}}""");
        using var runtime = ServedRuntime.Create(server, "\"max_retries\": 2");
        var usage = new SampleUsage();

        ModelProviderException error;
        using (SampleScope.Enter(Samples.Of(3), usage))
        {
            error = await Assert.ThrowsAsync<ModelProviderException>(() => runtime.GetClient(ServedRuntime.Model).GetResponseAsync("Plan the multi-stage pipeline."));
        }

        Assert.Equal(ErrorCategory.RateLimited, error.Category);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal((ErrorCategory.RateLimited, error.Message), usage.InfrastructureFailure);
        Assert.Contains("failed after 3 attempts: HTTP 429", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, usage.Retries);
    }

    [Fact]
    public async Task Send_401EchoingEveryKey_TriesEachKeyOnceThenFailsAsProviderErrorWithoutTheKey()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Reply = r => new ServerReply(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{r.Authorization}}}.","type":"invalid_request_error"}}""");
        using var runtime = ServedRuntime.Create(server, keys: TwoKeys, notices: _ => { });

        var error = await Assert.ThrowsAsync<ModelProviderException>(() => runtime.GetClient(ServedRuntime.Model).GetResponseAsync("Call the weather API."));

        Assert.Equal(ErrorCategory.ProviderError, error.Category);
        Assert.Equal(TwoKeys.Values.Order(), server.Requests.Select(r => r.Authorization).Order());
        Assert.Contains("all keys were rejected (HTTP 401/403): VLLM_KEY_A, VLLM_KEY_B", error.Message, StringComparison.Ordinal);
        Assert.All(TwoKeys.Values, key => Assert.DoesNotContain(key, error.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_TwoKeys_AlternatesBetweenThem()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        using var runtime = ServedRuntime.Create(server, keys: TwoKeys);
        var client = runtime.GetClient(ServedRuntime.Model);

        for (var i = 0; i < 4; i++)
        {
            await client.GetResponseAsync($"Step {i} of the data pipeline.");
        }

        var a = TwoKeys["VLLM_KEY_A"];
        var b = TwoKeys["VLLM_KEY_B"];
        Assert.Equal([a, b, a, b], server.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Send_KeyAnswered429_RestsThatKeyUntilItsRetryAfterWhileTheOtherServes()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        var a = TwoKeys["VLLM_KEY_A"];
        var b = TwoKeys["VLLM_KEY_B"];
        server.Reply = r => r.Number == 1 ? ServerReply.RateLimited(retryAfterSeconds: 1) : ServerReply.Completion;
        using var runtime = ServedRuntime.Create(server, keys: TwoKeys);
        var client = runtime.GetClient(ServedRuntime.Model);

        for (var i = 0; i < 6; i++)
        {
            await client.GetResponseAsync($"Stage {i}: transform the orders.");
        }

        var requests = server.Requests;
        var throttled = requests[0];
        Assert.Equal(a, throttled.Authorization);
        Assert.Equal(b, requests[1].Authorization);
        Assert.All(
            requests.Skip(1).Where(r => r.Authorization == a),
            r => Assert.True(r.ArrivedAt - throttled.ArrivedAt >= TimeSpan.FromSeconds(1), $"key A used {r.ArrivedAt - throttled.ArrivedAt} after its 429"));
        Assert.Contains(requests.Skip(2), r => r.Authorization == b);
    }
}
