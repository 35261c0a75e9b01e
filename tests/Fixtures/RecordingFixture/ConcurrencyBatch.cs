using System.Collections.Concurrent;
using RunnerHarness.Xunit;

namespace RecordingFixture;

/// <summary>
/// 64 rows over two providers (2 models x 4 task types x 8 samples), each waiting 200 ms. Every row records the
/// most rows of its provider, and of all providers, it has seen running at once (counted, not timed).
/// </summary>
public sealed class ConcurrencyBatch
{
    private static readonly ConcurrentDictionary<string, Counter> Providers = new(StringComparer.Ordinal);
    private static readonly Counter All = new();

    [Theory]
    [ModelMatrix(
        Models = ["alpha-model", "beta-model"],
        Providers = ["alpha-model=alpha", "beta-model=beta"],
        TaskTypes = ["simple_task", "data_pipeline", "api_integration", "multi_stage_pipeline"],
        SamplesPerCell = 8)]
    public async Task Run(ModelCase modelCase)
    {
        ArgumentNullException.ThrowIfNull(modelCase);
        var provider = Providers.GetOrAdd(modelCase.Provider!, _ => new Counter());
        provider.Enter();
        All.Enter();
        try
        {
            await Task.Delay(200);
        }
        finally
        {
            All.Exit();
            provider.Exit();
        }

        ModelTestContext.Current.SetMetric("max_provider_concurrency", provider.Max);
        ModelTestContext.Current.SetMetric("max_total_concurrency", All.Max);
    }

    private sealed class Counter
    {
        private int _current;
        private int _max;

        public int Max => Volatile.Read(ref _max);

        public void Enter()
        {
            var now = Interlocked.Increment(ref _current);
            int seen;
            while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }
        }

        public void Exit() => Interlocked.Decrement(ref _current);
    }
}
