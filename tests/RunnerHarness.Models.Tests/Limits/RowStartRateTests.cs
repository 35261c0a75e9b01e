using System.Globalization;
using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Models.Limits;
using RunnerHarness.Scheduling;
using RunnerHarness.Settings;
using RunnerHarness.Tests;

namespace RunnerHarness.Models.Tests.Limits;

/// <summary>
/// The rate of row starts of a provider that only RUNNER_HARNESS_PROVIDER_LIMITS names (a test calls it itself, not
/// through the models file): two runtimes on one limits folder, each with the row limiter its test host builds, share it
/// as two processes of the machine do (the folder's lease file is what processes share; MachineWideLimitTests shows it
/// across real processes).
/// </summary>
public sealed class RowStartRateTests
{
    private const string Provider = "house-api";
    private const int PerSecond = 2;
    private const int RowsEach = 3;

    [Fact]
    public async Task RowStarts_OfAProviderOnlyTheSettingLimits_AreSharedByEveryProcessOfTheMachine()
    {
        using var limits = new TemporaryDirectory();
        var clock = new ManualClock();
        var models = ModelsConfigurationReader.Parse(
            """{ "providers": { "sim": { "kind": "simulated" } }, "models": { "sim-small": { "provider": "sim" } } }""", null, "the test's models file");
        var settings = new ModelRunSettings(models, ResponseCacheMode.Off, Path.Combine(limits.Path, "cache"), limits.Path);
        var effective = ModelRuntime.EffectiveLimits(models, [new ProviderLimit(Provider, 16, PerSecond)]);
        using var firstHost = ModelRuntime.Create(settings, effective, time: clock);
        using var secondHost = ModelRuntime.Create(settings, effective, time: clock);
        using var firstRows = RowLimiterOf(firstHost);
        using var secondRows = RowLimiterOf(secondHost);

        var starts = new List<TimeSpan>();
        var thirdStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rows = Enumerable.Range(0, RowsEach).SelectMany(_ => new[] { firstRows, secondRows }).Select(async limiter =>
        {
            var lease = await limiter.AcquireAsync(Provider);
            lock (starts)
            {
                starts.Add(TimeSpan.FromTicks(clock.GetTimestamp()));
                if (starts.Count == PerSecond + 1)
                {
                    thirdStarted.TrySetResult();
                }
            }

            return lease;
        }).ToList();

        // The clock does not move: either a third row starts within the first second (the rate is per process), or both
        // hosts end up waiting on the clock (the rate is the machine's).
        var bothWaiting = Task.WhenAll(clock.Scheduled.ReadAsync().AsTask(), clock.Scheduled.ReadAsync().AsTask());
        await Task.WhenAny(thirdStarted.Task, bothWaiting);
        lock (starts)
        {
            Assert.False(thirdStarted.Task.IsCompleted, string.Create(CultureInfo.InvariantCulture, $"{starts.Count} rows of two hosts started before the clock moved; the limit is {PerSecond} per second on the machine"));
        }

        Assert.Contains($"{Provider}=16@{PerSecond} (rate of row starts, machine-wide)", firstRows.Describe(), StringComparison.Ordinal);

        // Move the clock past each wait the hosts take (the two announced so far first) until every row has started; no
        // second holds more than the rate.
        clock.Advance((await bothWaiting).Max());
        var allStarted = Task.WhenAll(rows);
        while (!allStarted.IsCompleted)
        {
            var next = clock.Scheduled.ReadAsync().AsTask();
            if (await Task.WhenAny(allStarted, next) == next)
            {
                clock.Advance(await next);
            }
        }

        foreach (var row in rows)
        {
            (await row).Dispose();
        }

        // A row's start is read from the clock when its continuation runs, which on a busy machine may be after the
        // clock moved on: a recorded start is never earlier than the grant, so each is checked against the earliest
        // time the rate allows it (the k-th row not before k / R seconds), which a recorded time late by a step still meets.
        var ordered = starts.Order().ToList();
        var early = ordered.Select((start, k) => (start, k)).Where(s => s.start < TimeSpan.FromSeconds(s.k / PerSecond)).ToList();
        Assert.True(early.Count == 0, $"rows started before the rate of {PerSecond} per second allows, at {string.Join(", ", ordered.Select(t => t.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture)))} s");
    }

    // As the test host builds it (RecordingSession.StartModelBatches).
    private static RowConcurrencyLimiter RowLimiterOf(ModelRuntime runtime) =>
        new(16, runtime.ProviderLimits, [Provider, "sim"], "environment variable RUNNER_HARNESS_PROVIDER_LIMITS", runtime.RequestRatedProviders, runtime.RowStartRates);
}
