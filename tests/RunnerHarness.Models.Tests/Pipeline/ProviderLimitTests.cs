using System.Globalization;
using Microsoft.Extensions.AI;
using RunnerHarness.Models.Tests.Server;
using Xunit.Abstractions;

namespace RunnerHarness.Models.Tests.Pipeline;

/// <summary>The provider's limits, counted by the server: requests in flight and requests per second.</summary>
[Collection(TimedAtTheServer.Name)]
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

        var before = server.Now;
        await client.GetResponseAsync("Warm up: name one HTTP status code.");
        await Task.WhenAll(Enumerable.Range(1, calls - 1).Select(i => client.GetResponseAsync($"Sample {i}: check the API response codes.")));

        var arrivals = server.Requests.Select(r => r.ArrivedAt).Order().ToList();
        Assert.Equal(calls, arrivals.Count);

        // The limit lets at most 5 requests leave in any 1.1 s window (docs/models.md, "Request rate"), so the k-th
        // request leaves no earlier than floor(k / 5) x 1.1 s after the start, and arrives no earlier than 0.9 s per five
        // (a generous bound that a slow or busy machine can only make truer). Without the limit all of them arrive
        // within milliseconds.
        for (var k = 0; k < calls; k++)
        {
            var earliest = TimeSpan.FromSeconds(0.9 * (k / perSecond));
            Assert.True(arrivals[k] - before >= earliest, $"request {k} arrived {arrivals[k] - before} after the start, before {earliest}");
        }

        var span = arrivals[^1] - arrivals[0];
        var window = server.SecondLessStalls;
        var (most, _) = server.MostArrivalsWithin(window);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{calls} requests, first to last arrival {span.TotalSeconds:F3} s; at most {most} in any {window.TotalSeconds:F3} s window (one second less the server's worst stall, {server.MaxStall.TotalMilliseconds:F0} ms; limit {perSecond}/s)"));
        Assert.True(most <= perSecond, string.Create(CultureInfo.InvariantCulture, $"{most} requests arrived within {window.TotalSeconds:F3} s (limit {perSecond}/s)"));
    }

    [Fact]
    public async Task Send_TwelveCallsAtOnceFromColdWith4PerSecond_NoOneSecondWindowAtTheServerHoldsMoreThan4()
    {
        const int perSecond = 4;
        const int calls = 12;
        await using var server = await OpenAICompatibleServer.StartAsync();
        using var runtime = ServedRuntime.Create(server, $"\"max_concurrency\": {calls}, \"requests_per_second\": {perSecond}");
        var client = runtime.GetClient(ServedRuntime.Model);

        // No warm-up: the first requests open connections and run cold code, so they reach the server later than
        // their permits were granted. A limit that counts grants instead of sends lets the next second's requests
        // (on warm connections) land in the same server-side second.
        await Task.WhenAll(Enumerable.Range(0, calls).Select(i => client.GetResponseAsync($"Sample {i}: which HTTP status means rate limited?")));

        Assert.Equal(calls, server.Requests.Count);
        var window = server.SecondLessStalls;
        var (most, from) = server.MostArrivalsWithin(window);
        var arrivals = server.Requests.Select(r => r.ArrivedAt).Order().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"arrivals (s): {string.Join(' ', arrivals.Select(a => (a - arrivals[0]).TotalSeconds.ToString("F3", CultureInfo.InvariantCulture)))}; server's worst stall {server.MaxStall.TotalMilliseconds:F0} ms"));
        Assert.True(most <= perSecond, string.Create(CultureInfo.InvariantCulture, $"{most} requests arrived within {window.TotalSeconds:F3} s from {from.TotalSeconds:F3} s (limit {perSecond}/s)"));
    }
}
