using System.Globalization;
using Microsoft.Extensions.AI;
using RunnerHarness.Models.Tests.Server;
using Xunit.Abstractions;

namespace RunnerHarness.Models.Tests.Pipeline;

/// <summary>The provider's limits, counted by the server: requests in flight and requests per second.</summary>
public sealed class ProviderLimitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Send_TwelveCallsAtOnceWithMaxConcurrency3_NeverMoreThan3InFlight()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.HoldUntilConcurrent(concurrent: 3, total: 12);
        using var runtime = ServedRuntime.Create(server, "\"max_concurrency\": 3");
        var client = runtime.GetClient(ServedRuntime.Model);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => client.GetResponseAsync($"Sample {i}: list the tools needed.")));

        Assert.Equal(12, server.Requests.Count);
        Assert.Equal(3, server.MaxInFlight);
    }

    [Fact]
    public async Task Send_FifteenCallsAtOnceWith5PerSecond_NoSecondHoldsMoreThan5()
    {
        const int perSecond = 5;
        const int calls = 15;
        await using var server = await OpenAICompatibleServer.StartAsync();
        using var runtime = ServedRuntime.Create(server, $"\"max_concurrency\": {calls}, \"requests_per_second\": {perSecond}");
        var client = runtime.GetClient(ServedRuntime.Model);

        // One call first, so the burst's first requests are not late for first-call costs (JIT, connection setup):
        // lateness of an early request shortens the gaps the server sees.
        await client.GetResponseAsync("Warm up: name one HTTP status code.");
        await Task.WhenAll(Enumerable.Range(1, calls - 1).Select(i => client.GetResponseAsync($"Sample {i}: check the API response codes.")));

        var arrivals = server.Requests.Select(r => r.ArrivedAt).Order().ToList();
        Assert.Equal(calls, arrivals.Count);

        // Request k and request k+5 are at least a second apart, less the time a granted request takes to reach the server
        // (generous: the machine is shared; without the limit all of them arrive within a few milliseconds).
        var slack = TimeSpan.FromMilliseconds(250);
        for (var k = 0; k + perSecond < calls; k++)
        {
            Assert.True(arrivals[k + perSecond] - arrivals[k] >= TimeSpan.FromSeconds(1) - slack, $"requests {k} and {k + perSecond} arrived {arrivals[k + perSecond] - arrivals[k]} apart");
        }

        var span = arrivals[^1] - arrivals[0];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{calls} requests in {span.TotalSeconds:F3} s: {(calls - 1) / span.TotalSeconds:F2} requests/s held (limit {perSecond}/s)"));
    }
}
