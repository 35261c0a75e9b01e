using System.Diagnostics;
using RunnerHarness.Scheduling;
using RunnerHarness.Settings;
using Xunit.Abstractions;

namespace RunnerHarness.Tests.Scheduling;

public sealed class RowConcurrencyLimiterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RunAsync_64RowsOfTwoProvidersAtLimit4Global16_RunsBothProvidersAtTheirLimitAndReportsTheTime()
    {
        // Run twice: the first run in a fresh test host also pays for thread pool growth and JIT, which on a loaded
        // machine makes the 200 ms delays themselves late; the second shows what the limiter itself costs.
        foreach (var run in new[] { "cold", "warm" })
        {
            using var limiter = new RowConcurrencyLimiter(16, [new("openai", 4), new("azure", 4)], ["openai", "azure"]);
            var counters = new ConcurrencyCounters();
            var longestDelay = 0L;

            var stopwatch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
            {
                var provider = i % 2 == 0 ? "openai" : "azure";
                return limiter.RunAsync(provider, ct => counters.RunAsync(provider, async () =>
                {
                    var started = stopwatch.ElapsedMilliseconds;
                    await Task.Delay(200, ct);
                    InterlockedMax(ref longestDelay, stopwatch.ElapsedMilliseconds - started);
                }));
            }));
            stopwatch.Stop();

            output.WriteLine(
                $"{run}: 64 rows of 200 ms, 2 providers at 4, global 16: {stopwatch.ElapsedMilliseconds} ms " +
                $"(the limits allow 64 / 8 x 200 ms = 1600 ms; the longest 200 ms delay took {longestDelay} ms)");
            Assert.Equal(64, counters.Finished);
            Assert.Equal(4, counters.PeakOf("openai"));
            Assert.Equal(4, counters.PeakOf("azure"));
            // The global limit is above the providers' sum, so it must not hold them back: both run 4 rows at once.
            Assert.Equal(8, counters.PeakTotal);
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var seen = Interlocked.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
            seen = Interlocked.Read(ref target);
        }
    }

    [Fact]
    public async Task RunAsync_GlobalLimitBelowProviderSum_NeverExceedsTheGlobalLimit()
    {
        using var limiter = new RowConcurrencyLimiter(5, [new("a", 4), new("b", 4), new("c", 4)], ["a", "b", "c"]);
        var counters = new ConcurrencyCounters();

        await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
        {
            var provider = ((char)('a' + (i % 3))).ToString();
            return limiter.RunAsync(provider, ct => counters.RunAsync(provider, () => Task.Delay(20, ct)));
        }));

        Assert.Equal(60, counters.Finished);
        Assert.Equal(5, counters.PeakTotal);
        Assert.All(["a", "b", "c"], p => Assert.InRange(counters.PeakOf(p), 1, 4));
    }

    [Fact]
    public async Task AcquireAsync_ProviderSaturatedWithManyQueuedRows_DoesNotStarveOtherProviders()
    {
        // 'slow' admits one row at a time and its running row blocks until the end of the test. If queued 'slow' rows
        // held global slots while waiting, they would fill all 4 and no 'fast' row could ever start.
        using var limiter = new RowConcurrencyLimiter(4, [new("slow", 1)], ["slow", "fast"]);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowRows = Enumerable.Range(0, 20).Select(_ => limiter.RunAsync("slow", async _ => { await release.Task; return 0; })).ToList();
        var counters = new ConcurrencyCounters();

        var fastRows = Task.WhenAll(Enumerable.Range(0, 12).Select(_ => limiter.RunAsync("fast", ct => counters.RunAsync("fast", () => Task.Delay(10, ct)))));
        var finished = await Task.WhenAny(fastRows, Task.Delay(TimeSpan.FromSeconds(30)));

        Assert.Same(fastRows, finished);
        Assert.Equal(12, counters.Finished);
        Assert.Equal(3, counters.PeakOf("fast"));
        release.SetResult();
        await Task.WhenAll(slowRows);
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaitingForGlobalSlot_ReleasesItsProviderSlot()
    {
        using var limiter = new RowConcurrencyLimiter(1, [new("p", 1)], ["p", "q"]);
        var blocker = await limiter.AcquireAsync("q");
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.AcquireAsync("p", cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        blocker.Dispose();

        // Had the cancelled row kept the provider slot, this would never be granted.
        var next = limiter.AcquireAsync("p").AsTask();
        Assert.Same(next, await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(30))));
        (await next).Dispose();
    }

    [Fact]
    public async Task AcquireAsync_ProviderRatedPerRequest_RowStartsAreHeldToTheConcurrencyOnly()
    {
        // The model pipeline applies the rate of a models-file provider per request; rows must not be rated as well.
        using var perRequest = new RowConcurrencyLimiter(16, [new("vllm", 4, 1)], ["vllm"], requestRatedProviders: ["vllm"]);
        using var perRow = new RowConcurrencyLimiter(16, [new("vllm", 4, 1)], ["vllm"]);

        var unrated = Enumerable.Range(0, 4).Select(_ => perRequest.AcquireAsync("vllm")).ToList();
        var first = await perRow.AcquireAsync("vllm");
        var second = perRow.AcquireAsync("vllm");

        Assert.All(unrated, lease => Assert.True(lease.IsCompletedSuccessfully));
        Assert.False(second.IsCompleted);
        Assert.Contains("vllm=4@1 (rate per request)", perRequest.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain("rate per request", perRow.Describe(), StringComparison.Ordinal);
        foreach (var lease in unrated)
        {
            (await lease).Dispose();
        }

        first.Dispose();
        (await second).Dispose();
    }

    [Fact]
    public async Task RunAsync_RowStartsPerSecond_StartsNoMoreThanTheRateInTheFirstSecond()
    {
        using var limiter = new RowConcurrencyLimiter(16, [new("p", 16, RowStartsPerSecond: 5)], ["p"]);
        var stopwatch = Stopwatch.StartNew();
        var starts = new List<long>();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => limiter.RunAsync("p", _ =>
        {
            lock (starts)
            {
                starts.Add(stopwatch.ElapsedMilliseconds);
            }

            return Task.FromResult(0);
        })));

        // A lower bound only: a slow machine makes starts later, never earlier.
        Assert.Equal(10, starts.Count);
        Assert.True(starts.Count(t => t < 900) <= 5, $"starts at {string.Join(", ", starts.Order())} ms");
    }

    [Fact]
    public void Create_LimitForProviderNoRowUses_FailsNamingItAndTheKnownOnes()
    {
        var error = Assert.Throws<HarnessSettingsException>(() =>
            new RowConcurrencyLimiter(8, [new("opnai", 4)], ["openai", "azure"], "environment variable RUNNER_HARNESS_PROVIDER_LIMITS"));

        Assert.Equal(
            "RunnerHarness: environment variable RUNNER_HARNESS_PROVIDER_LIMITS limits the provider 'opnai', which no row uses; the matrix's providers are 'azure', 'openai'.",
            error.Message);
    }

    [Fact]
    public void FromSettings_UsesTheSettingsAndNamesTheirOrigin()
    {
        var settings = new HarnessOptions()
            .AddEnvironment(n => n switch { "RUNNER_HARNESS_MAX_PARALLEL_ROWS" => "32", "RUNNER_HARNESS_PROVIDER_LIMITS" => "openai=4@20;azure=8", _ => null })
            .Build("/work");

        using var limiter = RowConcurrencyLimiter.FromSettings(settings, ["openai", "azure"]);
        var error = Assert.Throws<HarnessSettingsException>(() => RowConcurrencyLimiter.FromSettings(settings, ["openai"]));

        Assert.Equal("up to 32 rows at once; per provider: openai=4@20, azure=8", limiter.Describe());
        Assert.Contains("environment variable RUNNER_HARNESS_PROVIDER_LIMITS limits the provider 'azure'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Counts rows running at once, per provider and in total, and remembers the peaks.</summary>
    private sealed class ConcurrencyCounters
    {
        private readonly object _gate = new();
        private readonly Dictionary<string, (int Now, int Peak)> _byProvider = [];
        private int _now;

        public int PeakTotal { get; private set; }

        public int Finished { get; private set; }

        public int PeakOf(string provider)
        {
            lock (_gate)
            {
                return _byProvider.GetValueOrDefault(provider).Peak;
            }
        }

        public async Task<int> RunAsync(string provider, Func<Task> work)
        {
            lock (_gate)
            {
                var (now, peak) = _byProvider.GetValueOrDefault(provider);
                _byProvider[provider] = (now + 1, Math.Max(peak, now + 1));
                PeakTotal = Math.Max(PeakTotal, ++_now);
            }

            try
            {
                await work();
                return 0;
            }
            finally
            {
                lock (_gate)
                {
                    var (now, peak) = _byProvider[provider];
                    _byProvider[provider] = (now - 1, peak);
                    _now--;
                    Finished++;
                }
            }
        }
    }
}
