using Microsoft.Extensions.AI;
using RunnerHarness.Models.Pipeline;
using RunnerHarness.Models.Tests.Server;
using RunnerHarness.Models.Usage;
using RunnerHarness.Schema;

namespace RunnerHarness.Models.Tests.Pipeline;

/// <summary>
/// Retries, Retry-After and the key pool, against a real local server. Retry-After waits are checked on the pipeline's
/// injected clock (<see cref="ManualClock"/>), which the test moves by each wait the pipeline starts; the others on the
/// server's clock, as lower bounds.
/// </summary>
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
        var clock = new ManualClock();
        var arrivals = new List<TimeSpan>();
        server.Reply = r =>
        {
            lock (arrivals)
            {
                arrivals.Add(clock.GetElapsedTime(0));
            }

            return r.Number == 1 ? ServerReply.RateLimited(retryAfterSeconds: 1) : ServerReply.Completion;
        };
        using var runtime = ServedRuntime.Create(server, time: clock);
        var usage = new SampleUsage();

        using (SampleScope.Enter(Samples.Of(0), usage))
        {
            await DriveAsync(clock, runtime.GetClient(ServedRuntime.Model).GetResponseAsync("Which stage reads the orders file?"));
        }

        // On the pipeline's clock, which moves only as far as the pipeline asks to wait: without Retry-After the retry
        // would come after the 10-100 ms backoff alone.
        Assert.Equal(2, server.Requests.Count);
        Assert.True(arrivals[1] - arrivals[0] >= TimeSpan.FromSeconds(1), $"retried {arrivals[1] - arrivals[0]} after the 429");
        Assert.Equal(1, usage.Retries);
        Assert.Equal(2, usage.Requests);
    }

    [Fact]
    public async Task Send_AbsurdRetryAfter_WaitsOnlyTheCapAndSucceeds()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        var clock = new ManualClock();
        var arrivals = new List<TimeSpan>();
        server.Reply = r =>
        {
            lock (arrivals)
            {
                arrivals.Add(clock.GetElapsedTime(0));
            }

            return r.Number == 1 ? ServerReply.RateLimited(retryAfterSeconds: 410_400) : ServerReply.Completion;
        };
        using var runtime = ServedRuntime.Create(server, "\"retry_after_cap_seconds\": 1", time: clock);

        var response = await DriveAsync(clock, runtime.GetClient(ServedRuntime.Model).GetResponseAsync("Summarise the API integration task."));

        // The cap (1 s) plus at most the 100 ms backoff: not the 114 hours asked, and still a wait.
        Assert.Equal("answer 2 to: Summarise the API integration task.", response.Text);
        Assert.InRange(arrivals[1] - arrivals[0], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.1));
    }

    /// <summary>Runs <paramref name="call"/> to its end, moving <paramref name="clock"/> by each wait the pipeline starts, as soon as it starts it.</summary>
    private static async Task<T> DriveAsync<T>(ManualClock clock, Task<T> call)
    {
        while (!call.IsCompleted)
        {
            var next = clock.Scheduled.ReadAsync().AsTask();
            if (await Task.WhenAny(next, call) == call)
            {
                break;
            }

            clock.Advance(await next);
        }

        return await call;
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
