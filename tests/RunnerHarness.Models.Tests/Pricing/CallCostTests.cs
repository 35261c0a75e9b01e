using Microsoft.Extensions.AI;
using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Pricing;
using RunnerHarness.Models.Tests.Server;
using RunnerHarness.Models.Usage;
using RunnerHarness.Tests;

namespace RunnerHarness.Models.Tests.Pricing;

public sealed class CallCostTests
{
    private const string Prompt = "Plan the tool calls for: fetch the invoice, convert it to EUR, file it.";

    // gpt-4o's list prices: $2.50 input, $1.25 cached input, $10.00 output per million tokens.
    private const string Prices = "\"prices\": { \"input_per_million\": 2.5, \"cached_input_per_million\": 1.25, \"output_per_million\": 10 }";

    // 1,200 input tokens of which 800 came from the provider's prompt cache, and 300 output tokens.
    private const string AnswerWithCachedInput = """
        {"id":"chatcmpl-7Qx2","object":"chat.completion","created":1764979200,"model":"Qwen/Qwen2.5-7B-Instruct",
         "choices":[{"index":0,"message":{"role":"assistant","content":"fetch_invoice, convert_currency, file_document"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":1200,"completion_tokens":300,"total_tokens":1500,"prompt_tokens_details":{"cached_tokens":800}}}
        """;

    // By hand: 400 x $2.50 + 800 x $1.25 + 300 x $10.00 = $1,000 + $1,000 + $3,000 per million tokens = $0.005.
    private const double HandComputedCost = 0.005;

    [Fact]
    public async Task Answer_OfAPricedModel_CostsItsReportedTokensWithCachedInputAtItsOwnPrice()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Reply = _ => new ServerReply(200, AnswerWithCachedInput);
        using var runtime = ServedRuntime.Create(server, modelSettings: Prices);
        var usage = new SampleUsage();
        var spentBefore = RunCost.SpentUsd;

        using (SampleScope.Enter(Samples.Of(0), usage))
        {
            await runtime.GetClient(ServedRuntime.Model).GetResponseAsync(Prompt);
        }

        Assert.Equal(HandComputedCost, usage.CostUsd!.Value, 12);
        Assert.True(RunCost.SpentUsd - spentBefore >= HandComputedCost - 1e-12, $"the run's cost grew by {RunCost.SpentUsd - spentBefore}");
    }

    [Fact]
    public async Task StreamedAnswer_OfAPricedModel_CostsTheTokensItsLastChunkReports()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        using var runtime = ServedRuntime.Create(server, modelSettings: Prices);
        var usage = new SampleUsage();

        using (SampleScope.Enter(Samples.Of(0), usage))
        {
            await foreach (var _ in runtime.GetClient(ServedRuntime.Model).GetStreamingResponseAsync(Prompt))
            {
            }
        }

        // The local server's usage chunk reports 40 + the prompt's length input tokens and 12 output tokens, no cached
        // input: (40 + 71) x $2.50 + 12 x $10.00 = $277.50 + $120 per million tokens = $0.0003975.
        Assert.Equal(40 + Prompt.Length, usage.InputTokens);
        Assert.Equal(0.0003975, usage.CostUsd!.Value, 12);
    }

    [Fact]
    public async Task Answer_ReplayedFromTheResponseCache_CostsNothingThisRun()
    {
        using var cache = new TemporaryDirectory();
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Reply = _ => new ServerReply(200, AnswerWithCachedInput);
        using var runtime = ServedRuntime.Create(server, cacheMode: ResponseCacheMode.ReadWrite, cacheDirectory: cache.Path, modelSettings: Prices);
        var first = new SampleUsage();
        var replay = new SampleUsage();

        using (SampleScope.Enter(Samples.Of(0), first))
        {
            await runtime.GetClient(ServedRuntime.Model).GetResponseAsync(Prompt);
        }

        using (SampleScope.Enter(Samples.Of(0), replay))
        {
            await runtime.GetClient(ServedRuntime.Model).GetResponseAsync(Prompt);
        }

        Assert.Single(server.Requests);
        Assert.Equal(HandComputedCost, first.CostUsd!.Value, 12);
        Assert.Equal(1, replay.CacheHits);
        Assert.Equal(1200, replay.InputTokens);
        Assert.Equal(0, replay.CostUsd);
    }

    [Fact]
    public async Task Answer_OfAModelWithoutPrices_HasNoCost()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        using var runtime = ServedRuntime.Create(server);
        var usage = new SampleUsage();

        using (SampleScope.Enter(Samples.Of(0), usage))
        {
            await runtime.GetClient(ServedRuntime.Model).GetResponseAsync(Prompt);
        }

        Assert.NotNull(usage.InputTokens);
        Assert.Null(usage.CostUsd);
    }

    [Fact]
    public async Task Answer_OfAPricedModelReportingNoTokens_LeavesTheSamplesCostUnknown()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Reply = r => r.Number == 1
            ? new ServerReply(200, AnswerWithCachedInput)
            : new ServerReply(200, """{"id":"chatcmpl-7Qx3","object":"chat.completion","created":1764979201,"model":"Qwen/Qwen2.5-7B-Instruct","choices":[{"index":0,"message":{"role":"assistant","content":"done"},"finish_reason":"stop"}]}""");
        using var runtime = ServedRuntime.Create(server, modelSettings: Prices);
        var usage = new SampleUsage();

        using (SampleScope.Enter(Samples.Of(0), usage))
        {
            var client = runtime.GetClient(ServedRuntime.Model);
            await client.GetResponseAsync(Prompt);
            await client.GetResponseAsync("And now file it twice.");
        }

        Assert.Equal(2, usage.Calls);
        Assert.Null(usage.CostUsd);
    }
}
