using System.Globalization;
using Microsoft.Extensions.AI;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Models.Limits;
using RunnerHarness.Models.Pipeline;
using RunnerHarness.Models.Tests.Server;
using RunnerHarness.Settings;
using RunnerHarness.Tests;
using Xunit.Abstractions;

namespace RunnerHarness.Models.Tests.Limits;

/// <summary>One provider's limits shared by real processes, counted by the server.</summary>
[Collection(TimedAtTheServer.Name)]
public sealed class MachineWideLimitTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task ThreeProcesses_CallingOneProvider_StayWithinItsConcurrencyAndRateInEveryWindow()
    {
        const int maxConcurrency = 3;
        const int perSecond = 5;
        const int processes = 3;
        const int callsEach = 5;
        using var limits = new TemporaryDirectory();
        await using var server = await OpenAICompatibleServer.StartAsync();

        // Held until 3 requests are in flight at once: a limit that leaks across processes shows more than 3.
        server.HoldUntilConcurrent(concurrent: maxConcurrency, total: processes * callsEach);
        var probes = Enumerable.Range(0, processes)
            .Select(_ => ModelsProbeProcess.Start(server.BaseUrl, limits.Path, maxConcurrency, perSecond, callsEach))
            .ToList();
        try
        {
            await Task.WhenAll(probes.Select(p => p.ReadyAsync()));
            await Task.WhenAll(probes.Select(p => p.GoAsync()));
            await Task.WhenAll(probes.Select(p => p.DoneAsync()));
        }
        finally
        {
            probes.ForEach(p => p.Dispose());
        }

        var arrivals = server.Requests.Select(r => r.ArrivedAt).Order().ToList();
        Assert.Equal(processes * callsEach, arrivals.Count);
        var window = server.SecondLessStalls;
        var (most, from) = server.MostArrivalsWithin(window);
        var span = arrivals[^1] - arrivals[0];
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{arrivals.Count} requests from {processes} processes in {span.TotalSeconds:F3} s: {(arrivals.Count - 1) / span.TotalSeconds:F2} requests/s, " +
            $"at most {most} in any {window.TotalSeconds:F3} s (one second less the server's worst stall; limit {perSecond}), at most {server.MaxInFlight} in flight (limit {maxConcurrency})"));
        Assert.Equal(maxConcurrency, server.MaxInFlight);
        Assert.True(most <= perSecond, string.Create(CultureInfo.InvariantCulture, $"{most} requests arrived within {window.TotalSeconds:F3} s from {from.TotalSeconds:F3} s (limit {perSecond}/s)"));
    }

    [Fact]
    public async Task KilledProcess_HoldingALease_FreesItWithinTheLeaseTime()
    {
        using var limits = new TemporaryDirectory();
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.HoldUntilClosed = request => request.Number == 1;
        using var probe = ModelsProbeProcess.Start(server.BaseUrl, limits.Path, maxConcurrency: 1, requestsPerSecond: null, calls: 1);
        await probe.ReadyAsync();
        await probe.GoAsync();
        await server.Arrival(1); // the probe holds the machine's only lease, its request held by the server

        using var runtime = ServedRuntime.Create(server, "\"max_concurrency\": 1", limitsDirectory: limits.Path);
        var waiting = runtime.GetClient(ServedRuntime.Model).GetResponseAsync("Sample 0: which orders failed validation?");
        Assert.False(waiting.IsCompleted);

        var killedAt = server.Now;
        probe.Kill();
        var next = await server.Arrival(2);
        await waiting;

        var recovery = next.ArrivedAt - killedAt;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lease of the killed process taken back: next request at the server {recovery.TotalMilliseconds:F0} ms after SIGKILL (lease time {MachineWideLimiter.LeaseTime.TotalSeconds:0} s)"));
        Assert.True(recovery < MachineWideLimiter.LeaseTime, $"the next request came {recovery} after the kill");
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task TimedOutRequest_KeepsCountingAgainstConcurrency_UntilItsConnectionCloses()
    {
        var timeout = TimeSpan.FromSeconds(1);
        using var limits = new TemporaryDirectory();
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.HoldUntilClosed = request => request.Number == 1;
        using var runtime = ServedRuntime.Create(server, "\"max_concurrency\": 1, \"max_retries\": 0, \"request_timeout_seconds\": 1", limitsDirectory: limits.Path);
        var client = runtime.GetClient(ServedRuntime.Model);

        var started = server.Now;
        var abandoned = client.GetResponseAsync("Sample 0: reconcile the ledger.");
        await server.Arrival(1);
        var second = client.GetResponseAsync("Sample 1: reconcile the ledger.");
        await Assert.ThrowsAsync<ModelProviderException>(() => abandoned);
        var closed = await server.ConnectionClosed(1);
        var next = await server.Arrival(2);
        await second;

        // The first attempt's clock started after `started`: the second request could leave only once it had timed out
        // and its connection was closed (the server saw the close), not while the provider was still working on it.
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first connection closed at {(closed - started).TotalMilliseconds:F0} ms, second request at {(next.ArrivedAt - started).TotalMilliseconds:F0} ms"));
        Assert.True(next.ArrivedAt - started >= timeout, $"the second request arrived {next.ArrivedAt - started} after the first call, before its {timeout} timeout");
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Lease_DisposedWhileItsExchangeIsOpen_IsHeldUntilTheExchangeEnds()
    {
        using var limits = new TemporaryDirectory();
        var board = new ProviderLeaseBoard(Path.Combine(limits.Path, "local-vllm"), "openai-compatible http://127.0.0.1:8000/v1", LeaseOwner.Current);
        using var limiter = new MachineWideLimiter(board, maxConcurrency: 2, perSecond: null, TimeProvider.System);
        var lease = await limiter.AcquireAsync(CancellationToken.None);

        lease.ExchangeStarted();
        lease.Dispose(); // the attempt timed out; the connection is still being torn down
        Assert.Equal(1, board.CountLeases());

        lease.ExchangeEnded();
        Assert.Equal(0, board.CountLeases());
    }

    [Fact]
    public void Board_LeaseOfAnOwnerItCannotCheck_IsTakenBackWhenItExpires()
    {
        using var limits = new TemporaryDirectory();
        var elsewhere = new ProviderLeaseBoard(Path.Combine(limits.Path, "local-vllm"), "openai-compatible http://127.0.0.1:8000/v1", new LeaseOwner("ci-runner-07", 4242, 638_900_000_000_000_000));
        var here = new ProviderLeaseBoard(Path.Combine(limits.Path, "local-vllm"), "openai-compatible http://127.0.0.1:8000/v1", LeaseOwner.Current);
        var leaseTime = MachineWideLimiter.LeaseTime;
        var start = 5_000_000L;

        Assert.NotNull(elsewhere.TryAcquire(start, 1, null, Second, leaseTime).LeaseId);
        Assert.Null(here.TryAcquire(start + Microseconds(leaseTime) - 1, 1, null, Second, leaseTime).LeaseId);

        var late = here.TryAcquire(start + Microseconds(leaseTime), 1, null, Second, leaseTime);
        Assert.NotNull(late.LeaseId);
        Assert.Equal(1, late.Reclaimed);
    }

    [Fact]
    public void Board_RequestsNotYetSent_CountAgainstTheRateUntilTheyAre()
    {
        using var limits = new TemporaryDirectory();
        var board = new ProviderLeaseBoard(Path.Combine(limits.Path, "local-vllm"), "openai-compatible http://127.0.0.1:8000/v1", LeaseOwner.Current);
        var window = MachineWideLimiter.RateWindow;
        var leaseTime = MachineWideLimiter.LeaseTime;

        var first = board.TryAcquire(0, 10, 2, window, leaseTime).LeaseId!;
        var second = board.TryAcquire(1_000, 10, 2, window, leaseTime).LeaseId!;

        // Full, and neither request has said when it left: the board cannot know when a slot frees, so it says "look again soon".
        var unknown = board.TryAcquire(1_200_000, 10, 2, window, leaseTime);
        Assert.Null(unknown.LeaseId);
        Assert.Equal(MachineWideLimiter.PollInterval, unknown.Wait);

        // The first was written 0.3 s after its grant (a cold connection): its slot frees a window after that, not after the grant.
        board.MarkSent(first, 300_000);
        var timed = board.TryAcquire(1_260_000, 10, 2, window, leaseTime);
        Assert.Null(timed.LeaseId);
        Assert.Equal(TimeSpan.FromMicroseconds(300_000 + Microseconds(window) - 1_260_000), timed.Wait);

        board.MarkSent(second, 1_250_000);
        Assert.Null(board.TryAcquire(300_000 + Microseconds(window) - 1, 10, 2, window, leaseTime).LeaseId);
        Assert.NotNull(board.TryAcquire(300_000 + Microseconds(window), 10, 2, window, leaseTime).LeaseId);
    }

    [Fact]
    public void EffectiveLimits_FleetOfThree_EachMachineTakesAThirdRoundedDownAtLeastOne()
    {
        var models = ModelsConfigurationReader.Parse(
            """
            {
              "providers": {
                "local-vllm": { "kind": "openai-compatible", "endpoint": "http://127.0.0.1:8000/v1", "max_concurrency": 8, "requests_per_second": 10 },
                "deepseek":   { "kind": "openai-compatible", "endpoint": "https://api.deepseek.com/v1", "max_concurrency": 2, "requests_per_second": 2 }
              },
              "models": { "qwen2.5-7b": { "provider": "local-vllm" }, "deepseek-chat": { "provider": "deepseek" } }
            }
            """,
            null,
            "the test's models file");

        var limits = ModelRuntime.EffectiveLimits(models, [new ProviderLimit("openai", 16, 30)], fleetSize: 3);

        Assert.Equal(
            ["openai=5@10", "local-vllm=2@3", "deepseek=1@1"],
            limits.Select(l => l.ToString()));
    }

    private static long Microseconds(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMicrosecond;
}
