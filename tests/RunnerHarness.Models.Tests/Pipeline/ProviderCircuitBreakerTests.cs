using Microsoft.Extensions.AI;
using RunnerHarness.Models.Pipeline;
using RunnerHarness.Models.Tests.Server;
using RunnerHarness.Models.Usage;
using RunnerHarness.Schema;

namespace RunnerHarness.Models.Tests.Pipeline;

/// <summary>The provider's circuit breaker, against a real local server that counts requests; the cool-down is passed on a stepped clock.</summary>
public sealed class ProviderCircuitBreakerTests
{
    private const string BreakerSettings = "\"max_retries\": 2, \"breaker_failures\": 3, \"breaker_cooldown_seconds\": 30";

    [Fact]
    public async Task Send_ProviderAnsweringOnly500s_TripsTheBreakerAndItsSamplesRerunCleanlyOnceItAnswers()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        var healthy = false;
        server.Reply = _ => Volatile.Read(ref healthy) ? ServerReply.Completion : ServerReply.ServerError;
        var clock = new SteppedClock();
        using var runtime = ServedRuntime.Create(server, BreakerSettings, time: clock);
        var client = runtime.GetClient(ServedRuntime.Model);

        // Ten samples against a provider that only answers 500: the first sample's three attempts trip the breaker,
        // and the nine after it are turned away without a request, as infrastructure failures.
        var first = await RunSamplesAsync(client, 10);
        Assert.Equal(3, server.Requests.Count);
        Assert.All(first, u => Assert.Equal(ErrorCategory.ProviderError, u.InfrastructureFailure?.Category));
        Assert.All(first.Skip(1), u => Assert.Equal(0, u.Requests));
        Assert.Contains("circuit breaker", first[1].InfrastructureFailure!.Value.Message, StringComparison.Ordinal);

        // Within the cool-down nothing is sent, however many samples ask.
        clock.Advance(TimeSpan.FromSeconds(29));
        await RunSamplesAsync(client, 5);
        Assert.Equal(3, server.Requests.Count);

        // After it, one probe goes through; it fails, so the breaker opens again for another cool-down.
        clock.Advance(TimeSpan.FromSeconds(2));
        var probed = await RunSamplesAsync(client, 5);
        Assert.Equal(4, server.Requests.Count);
        Assert.Equal(1, probed.Sum(u => u.Requests));

        // The provider is back: after the cool-down the probe succeeds, the breaker closes and every sample reruns cleanly.
        Volatile.Write(ref healthy, true);
        clock.Advance(TimeSpan.FromSeconds(31));
        var rerun = await RunSamplesAsync(client, 10);
        Assert.All(rerun, u => Assert.Null(u.InfrastructureFailure));
        Assert.All(rerun, u => Assert.Equal(1, u.Requests));
        Assert.Equal(14, server.Requests.Count);
    }

    [Fact]
    public async Task Send_FailuresBrokenBySuccesses_NeverTripTheBreaker()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();

        // Every other request fails: never three failures in a row, so nothing is turned away.
        server.Reply = r => r.Number % 2 == 1 ? ServerReply.ServerError : ServerReply.Completion;
        using var runtime = ServedRuntime.Create(server, BreakerSettings, time: new SteppedClock());

        var usages = await RunSamplesAsync(runtime.GetClient(ServedRuntime.Model), 8);

        Assert.All(usages, u => Assert.Null(u.InfrastructureFailure));
        Assert.Equal(16, server.Requests.Count);
    }

    [Fact]
    public void TryEnter_HalfOpen_LetsOneProbeThroughAndTurnsTheOthersAwayUntilItAnswers()
    {
        var clock = new SteppedClock();
        var breaker = new ProviderCircuitBreaker(2, TimeSpan.FromSeconds(30), clock);
        Assert.True(breaker.TryEnter(out _));
        breaker.OnAnswered(isProbe: false, providerFault: true);
        Assert.True(breaker.TryEnter(out _));
        breaker.OnAnswered(isProbe: false, providerFault: true);
        Assert.False(breaker.TryEnter(out _));

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(breaker.TryEnter(out var probe));
        Assert.True(probe);
        Assert.False(breaker.TryEnter(out _));
        Assert.False(breaker.TryEnter(out _));

        breaker.OnAnswered(isProbe: true, providerFault: false);
        Assert.True(breaker.TryEnter(out var afterwards));
        Assert.False(afterwards);
    }

    [Fact]
    public void OnAbandoned_Probe_LetsTheNextAttemptProbeInstead()
    {
        var clock = new SteppedClock();
        var breaker = new ProviderCircuitBreaker(1, TimeSpan.FromSeconds(5), clock);
        breaker.OnAnswered(isProbe: false, providerFault: true);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(breaker.TryEnter(out var probe));

        // The probe was cancelled before it was answered: it says nothing about the provider, so another attempt probes.
        breaker.OnAbandoned(probe);

        Assert.True(breaker.TryEnter(out var next));
        Assert.True(next);
    }

    [Fact]
    public void OnAnswered_RateLimitedOr4xx_ResetsTheCountOfFailuresInARow()
    {
        var breaker = new ProviderCircuitBreaker(2, TimeSpan.FromSeconds(30), new SteppedClock());
        breaker.OnAnswered(isProbe: false, providerFault: true);
        breaker.OnAnswered(isProbe: false, providerFault: false);
        breaker.OnAnswered(isProbe: false, providerFault: true);

        Assert.True(breaker.TryEnter(out _));
    }

    private static async Task<List<SampleUsage>> RunSamplesAsync(IChatClient client, int count)
    {
        var usages = new List<SampleUsage>();
        for (var i = 0; i < count; i++)
        {
            var usage = new SampleUsage();
            usages.Add(usage);
            using var scope = SampleScope.Enter(Samples.Of(i), usage);
            try
            {
                await client.GetResponseAsync($"Sample {i}: plan the multi-stage pipeline.");
            }
            catch (ModelProviderException)
            {
                // Recorded in the usage, as the recording framework would.
            }
        }

        return usages;
    }
}
