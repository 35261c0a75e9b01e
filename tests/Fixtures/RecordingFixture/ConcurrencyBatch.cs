using System.Globalization;
using RunnerHarness.Xunit;

namespace RecordingFixture;

/// <summary>
/// 64 rows over two providers (2 models x 4 task types x 8 samples, 32 rows each). Every row records the most rows of
/// its provider, and of all providers, it has seen running at once: counted, not timed. With FIXTURE_PROVIDER_LIMIT=N
/// (the run's per-provider limit), rows meet instead of sleeping: each row waits until N rows of its provider run at
/// once (or every row of the provider has started), and the first rows also wait until both providers are full at
/// once, so a run whose limits hold reaches exactly N per provider and 2N in all, whatever the machine's speed.
/// </summary>
public sealed class ConcurrencyBatch
{
    private const int RowsPerProvider = 32;

    /// <summary>How long a row waits for the others before it fails: a guard against a scheduler that never starts them, not a timing.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    private static readonly int? Limit = int.TryParse(Environment.GetEnvironmentVariable("FIXTURE_PROVIDER_LIMIT"), NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : null;
    private static readonly Dictionary<string, Meeting> Providers = new(StringComparer.Ordinal);
    private static readonly Meeting All = new();
    private static readonly TaskCompletionSource BothFull = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Theory]
    [ModelMatrix(
        Models = ["alpha-model", "beta-model"],
        Providers = ["alpha-model=alpha", "beta-model=beta"],
        TaskTypes = ["simple_task", "data_pipeline", "api_integration", "multi_stage_pipeline"],
        SamplesPerCell = 8)]
    public async Task Run(ModelCase modelCase)
    {
        ArgumentNullException.ThrowIfNull(modelCase);
        Meeting provider;
        lock (Providers)
        {
            provider = Providers.TryGetValue(modelCase.Provider!, out var existing) ? existing : Providers[modelCase.Provider!] = new Meeting();
        }

        var full = provider.Enter(Limit, RowsPerProvider);
        if (All.Enter(Limit * 2, 2 * RowsPerProvider).IsCompleted)
        {
            BothFull.TrySetResult();
        }

        try
        {
            if (Limit is not null)
            {
                await full.WaitAsync(Guard);
                await Task.WhenAny(BothFull.Task, provider.Exhausted).WaitAsync(Guard);
            }
        }
        finally
        {
            All.Exit();
            provider.Exit();
        }

        ModelTestContext.Current.SetMetric("max_provider_concurrency", provider.Max);
        ModelTestContext.Current.SetMetric("max_total_concurrency", All.Max);
    }

    /// <summary>Rows that count who is in and wait until a number of them are in at once, or no more can come.</summary>
    private sealed class Meeting
    {
        private readonly List<TaskCompletionSource> _waiting = [];
        private readonly TaskCompletionSource _exhausted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _current;
        private int _started;
        private int _max;

        public int Max
        {
            get
            {
                lock (_waiting)
                {
                    return _max;
                }
            }
        }

        /// <summary>Completes once every row has started.</summary>
        public Task Exhausted => _exhausted.Task;

        /// <summary>Counts a row in; the task completes when <paramref name="wanted"/> rows are in at once, or all <paramref name="rows"/> have started.</summary>
        public Task Enter(int? wanted, int rows)
        {
            lock (_waiting)
            {
                _current++;
                _started++;
                _max = Math.Max(_max, _current);
                if (_started == rows)
                {
                    _exhausted.TrySetResult();
                }

                if (wanted is null || _current >= wanted || _started == rows)
                {
                    _waiting.ForEach(w => w.TrySetResult());
                    _waiting.Clear();
                    return Task.CompletedTask;
                }

                var meeting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting.Add(meeting);
                return meeting.Task;
            }
        }

        public void Exit()
        {
            lock (_waiting)
            {
                _current--;
            }
        }
    }
}
