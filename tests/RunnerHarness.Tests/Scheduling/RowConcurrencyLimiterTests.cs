using System.Diagnostics;
using RunnerHarness.Scheduling;
using RunnerHarness.Settings;

namespace RunnerHarness.Tests.Scheduling;

public sealed class RowConcurrencyLimiterTests
{
    [Fact]
    public async Task RunAsync_64RowsOfTwoProvidersAtLimit4Global16_RunsBothProvidersAtTheirLimit()
    {
        using var limiter = new RowConcurrencyLimiter(16, [new("openai", 4), new("azure", 4)], ["openai", "azure"]);
        var counters = new ConcurrencyCounters();
        var released = new Dictionary<string, SemaphoreSlim> { ["openai"] = new(0), ["azure"] = new(0) };

        var rows = Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
        {
            var provider = i % 2 == 0 ? "openai" : "azure";
            return limiter.RunAsync(provider, ct => counters.RunAsync(provider, () => released[provider].WaitAsync(ct)));
        }));

        // Rows end only when released, one at a time per provider, and each release waits until the limiter has
        // started every row it may: so the peaks are what the limiter allows, whatever the machine's speed.
        for (var finished = 0; finished < 32; finished++)
        {
            foreach (var provider in released.Keys)
            {
                await counters.WhenStartedAsync(provider, Math.Min(32, finished + 4));
                released[provider].Release();
            }
        }

        await rows;
        Assert.Equal(64, counters.Finished);
        Assert.Equal(4, counters.PeakOf("openai"));
        Assert.Equal(4, counters.PeakOf("azure"));
        // The global limit is above the providers' sum, so it must not hold them back: both run 4 rows at once.
        Assert.Equal(8, counters.PeakTotal);
    }

    [Fact]
    public async Task RunAsync_GlobalLimitBelowProviderSum_NeverExceedsTheGlobalLimit()
    {
        string[] providers = ["a", "b", "c"];
        using var limiter = new RowConcurrencyLimiter(5, [new("a", 4), new("b", 4), new("c", 4)], providers);
        var counters = new ConcurrencyCounters();
        using var released = new SemaphoreSlim(0);

        var rows = Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
        {
            var provider = ((char)('a' + (i % 3))).ToString();
            return limiter.RunAsync(provider, ct => counters.RunAsync(provider, () => released.WaitAsync(ct)));
        }));

        // Each release waits until the row released before has ended and the limiter has started every row it may:
        // five, or fewer at the end, when the rows left belong to too few providers (a provider runs at most 4).
        for (var finished = 0; finished < 60; finished++)
        {
            await counters.WhenAsync(c => c.Finished == finished && c.Running == Math.Min(5, providers.Sum(p => Math.Min(4, 20 - c.FinishedOf(p)))));
            released.Release();
        }

        await rows;
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
        var fastReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var fastRows = Task.WhenAll(Enumerable.Range(0, 12).Select(_ => limiter.RunAsync("fast", ct => counters.RunAsync("fast", () => fastReleased.Task.WaitAsync(ct)))));
        // The counters' wait fails naming the counts if three fast rows never start.
        await counters.WhenStartedAsync("fast", 3);
        fastReleased.SetResult();
        await fastRows;

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

        // Had the cancelled row kept the provider slot, this would never be granted: the bounded wait fails then.
        (await limiter.AcquireAsync("p").AsTask().WaitAsync(TimeSpan.FromMinutes(2))).Dispose();
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

    /// <summary>
    /// Counts rows running at once, per provider and in total, remembers the peaks, and completes waits on a condition
    /// over the counts. A wait that is not met within two minutes fails with the counts instead of hanging the run.
    /// </summary>
    private sealed class ConcurrencyCounters
    {
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
        private readonly object _gate = new();
        private readonly Dictionary<string, (int Now, int Peak, int Started, int Finished)> _byProvider = [];
        private readonly List<(Func<ConcurrencyCounters, bool> Condition, TaskCompletionSource Signal)> _waiters = [];
        private int _started;

        public int PeakTotal { get; private set; }

        public int Running { get; private set; }

        public int Finished { get; private set; }

        public int PeakOf(string provider)
        {
            lock (_gate)
            {
                return _byProvider.GetValueOrDefault(provider).Peak;
            }
        }

        public int FinishedOf(string provider) => _byProvider.GetValueOrDefault(provider).Finished;

        /// <summary>Completes once <paramref name="count"/> rows of <paramref name="provider"/> (null: of all) have started.</summary>
        public Task WhenStartedAsync(string? provider, int count) =>
            WhenAsync(c => (provider is null ? c._started : c._byProvider.GetValueOrDefault(provider).Started) >= count);

        /// <summary>Completes once <paramref name="condition"/> holds; it is checked under the counters' lock at every start and end.</summary>
        public async Task WhenAsync(Func<ConcurrencyCounters, bool> condition)
        {
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _waiters.Add((condition, signal));
                SignalMetConditions();
            }

            try
            {
                await signal.Task.WaitAsync(Patience);
            }
            catch (TimeoutException)
            {
                lock (_gate)
                {
                    throw new TimeoutException($"The condition was not met within {Patience}: {Running} rows running, {_started} started, {Finished} finished; " +
                        string.Join(", ", _byProvider.Select(p => $"{p.Key}: {p.Value.Now} running, {p.Value.Started} started, {p.Value.Finished} finished")));
                }
            }
        }

        public async Task<int> RunAsync(string provider, Func<Task> work)
        {
            lock (_gate)
            {
                var counts = _byProvider.GetValueOrDefault(provider);
                _byProvider[provider] = counts with { Now = counts.Now + 1, Peak = Math.Max(counts.Peak, counts.Now + 1), Started = counts.Started + 1 };
                PeakTotal = Math.Max(PeakTotal, ++Running);
                _started++;
                SignalMetConditions();
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
                    var counts = _byProvider[provider];
                    _byProvider[provider] = counts with { Now = counts.Now - 1, Finished = counts.Finished + 1 };
                    Running--;
                    Finished++;
                    SignalMetConditions();
                }
            }
        }

        private void SignalMetConditions()
        {
            foreach (var waiter in _waiters.Where(w => w.Condition(this)).ToList())
            {
                waiter.Signal.SetResult();
                _waiters.Remove(waiter);
            }
        }
    }
}
