using System.Threading.RateLimiting;
using RunnerHarness.Settings;

namespace RunnerHarness.Scheduling;

/// <summary>
/// Bounds how many rows of model batches run at once: at most <see cref="MaxParallelRows"/> in total, and per
/// provider at most its <see cref="ProviderLimit.MaxConcurrentRows"/> (and <see cref="ProviderLimit.RowStartsPerSecond"/>).
/// Rows of a provider with no limit, or with no provider, are bounded by the global limit only. Waiting rows are
/// served oldest first within each limit. Thread-safe; one instance serves every batch of a test run. The row bounds
/// hold in this process; a rate of row starts given as an <see cref="IRowStartRate"/> holds across every process of the
/// machine, and the requests of the models file's providers are held to their limits across every process of the
/// machine by RunnerHarness.Models' leases (docs/models.md, "Machine-wide limits").
/// </summary>
/// <remarks>
/// A row takes its provider's slot (and rate permit) first and a global slot last. A row waiting for a saturated
/// provider therefore holds no global slot: global slots go only to rows that can start right away, so a provider at
/// its limit never starves the others, however many of its rows are queued. The reverse order would let queued rows
/// of one slow provider fill every global slot while they wait. Acquiring in one fixed order (provider, then global)
/// and releasing both when the row ends cannot deadlock: a row holding a global slot is running, and it finishes.
/// A rate permit taken before the global slot may be used a little later than it was granted, so starts can bunch up
/// by at most the provider's concurrency limit; it never lets more than R rows start per window overall.
/// </remarks>
internal sealed class RowConcurrencyLimiter : IDisposable
{
    private readonly ConcurrencyLimiter _global;
    private readonly Dictionary<string, ProviderGate> _providers = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _sharedRates = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a limiter of <paramref name="maxParallelRows"/> rows in total and <paramref name="providerLimits"/> per provider.</summary>
    /// <param name="maxParallelRows">Rows running at once across all providers; 1 or more.</param>
    /// <param name="providerLimits">Per-provider limits; each provider once.</param>
    /// <param name="knownProviders">The providers the run's matrices use; a limit for any other provider is a mistake.</param>
    /// <param name="limitsOrigin">Where the limits were set, for error messages, e.g. <c>environment variable RUNNER_HARNESS_PROVIDER_LIMITS</c>.</param>
    /// <param name="requestRatedProviders">
    /// Providers whose <see cref="ProviderLimit.RowStartsPerSecond"/> the model pipeline applies per request
    /// (RunnerHarness.Models, for the providers of the models file): their rows are held to the concurrency only, so the
    /// rate is applied once. Default: none.
    /// </param>
    /// <param name="sharedRowStartRates">
    /// Providers whose <see cref="ProviderLimit.RowStartsPerSecond"/> is kept by a rate shared beyond this limiter (every
    /// process of the machine: RunnerHarness.Models' leases) instead of one in this process. Default: none.
    /// </param>
    /// <exception cref="HarnessSettingsException">A limit names a provider that is not in <paramref name="knownProviders"/>; the message names it and the known ones.</exception>
    /// <exception cref="ArgumentException">A limit is below 1, or a provider is limited twice.</exception>
    public RowConcurrencyLimiter(
        int maxParallelRows,
        IReadOnlyList<ProviderLimit> providerLimits,
        IEnumerable<string> knownProviders,
        string limitsOrigin = "the provider limits",
        IReadOnlyCollection<string>? requestRatedProviders = null,
        IReadOnlyDictionary<string, IRowStartRate>? sharedRowStartRates = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallelRows, 1);
        ArgumentNullException.ThrowIfNull(providerLimits);
        ArgumentNullException.ThrowIfNull(knownProviders);
        CheckProvidersKnown(providerLimits, knownProviders, limitsOrigin);
        MaxParallelRows = maxParallelRows;
        ProviderLimits = [.. providerLimits];
        RequestRatedProviders = [.. requestRatedProviders ?? []];
        _global = new ConcurrencyLimiter(Queued(maxParallelRows));
        foreach (var limit in providerLimits)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit.MaxConcurrentRows, 1, nameof(providerLimits));
            if (limit.RowStartsPerSecond is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(providerLimits), $"The rate of '{limit.Provider}' must be 1 or more.");
            }

            var rowRate = RequestRatedProviders.Contains(limit.Provider, StringComparer.OrdinalIgnoreCase) ? null : limit.RowStartsPerSecond;
            var shared = rowRate is null ? null : sharedRowStartRates?.GetValueOrDefault(limit.Provider);
            if (shared is not null)
            {
                _sharedRates.Add(limit.Provider);
            }

            if (!_providers.TryAdd(limit.Provider, new ProviderGate(limit.MaxConcurrentRows, shared is null ? rowRate : null, shared)))
            {
                throw new ArgumentException($"The provider '{limit.Provider}' is limited twice.", nameof(providerLimits));
            }
        }
    }

    /// <summary>
    /// Refuses limits of providers no row uses (a typo), as the constructor does: a run checks its limits at start and
    /// makes the limiter only when its first model batch runs.
    /// </summary>
    /// <exception cref="HarnessSettingsException">A limit names a provider not in <paramref name="knownProviders"/>.</exception>
    internal static void CheckProvidersKnown(IReadOnlyList<ProviderLimit> providerLimits, IEnumerable<string> knownProviders, string limitsOrigin)
    {
        var known = knownProviders.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var unknown = providerLimits.Where(l => !known.Contains(l.Provider, StringComparer.OrdinalIgnoreCase)).Select(l => $"'{l.Provider}'").ToList();
        if (unknown.Count > 0)
        {
            var knownText = known.Count == 0 ? "no row of the matrix has a provider" : $"the matrix's providers are {string.Join(", ", known.Select(p => $"'{p}'"))}";
            throw new HarnessSettingsException($"RunnerHarness: {limitsOrigin} limits the provider {string.Join(", ", unknown)}, which no row uses; {knownText}.");
        }
    }

    /// <summary>Rows running at once across all providers.</summary>
    public int MaxParallelRows { get; }

    /// <summary>The per-provider limits.</summary>
    public IReadOnlyList<ProviderLimit> ProviderLimits { get; }

    /// <summary>The providers whose rate is applied per request by the model pipeline, not to row starts here.</summary>
    public IReadOnlyList<string> RequestRatedProviders { get; }

    /// <summary>The limiter the run's settings ask for (<c>RUNNER_HARNESS_MAX_PARALLEL_ROWS</c>, <c>RUNNER_HARNESS_PROVIDER_LIMITS</c>).</summary>
    /// <inheritdoc cref="RowConcurrencyLimiter(int, IReadOnlyList{ProviderLimit}, IEnumerable{string}, string, IReadOnlyCollection{string}, IReadOnlyDictionary{string, IRowStartRate})" path="/exception"/>
    public static RowConcurrencyLimiter FromSettings(HarnessSettings settings, IEnumerable<string> knownProviders)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new RowConcurrencyLimiter(
            settings.MaxParallelRows, settings.ProviderLimits, knownProviders, settings.OriginOf(HarnessSettingDefinitions.ProviderLimits).ToString());
    }

    /// <summary>
    /// Waits until a row of <paramref name="provider"/> may run: first for the provider's slot and rate, then for a
    /// global slot (see the remarks of <see cref="RowConcurrencyLimiter"/>). Dispose the lease when the row ends.
    /// </summary>
    /// <param name="provider">The row's provider, or <see langword="null"/>; providers without a limit share only the global limit.</param>
    /// <param name="cancellationToken">Stops waiting; whatever was acquired is released.</param>
    /// <exception cref="OperationCanceledException">Cancelled while waiting.</exception>
    /// <exception cref="ObjectDisposedException">The limiter was disposed.</exception>
    public async ValueTask<RowLease> AcquireAsync(string? provider, CancellationToken cancellationToken = default)
    {
        var gate = provider is null ? null : _providers.GetValueOrDefault(provider);
        RateLimitLease? providerLease = null;
        try
        {
            if (gate is not null)
            {
                providerLease = Granted(await gate.Concurrency.AcquireAsync(1, cancellationToken).ConfigureAwait(false), provider!);
                if (gate.Rate is not null)
                {
                    // A rate permit is spent, not held: nothing to give back when the row ends.
                    Granted(await gate.Rate.AcquireAsync(1, cancellationToken).ConfigureAwait(false), provider!).Dispose();
                }

                if (gate.SharedRate is not null)
                {
                    await gate.SharedRate.WaitToStartAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            var global = Granted(await _global.AcquireAsync(1, cancellationToken).ConfigureAwait(false), "all providers");
            return new RowLease(global, providerLease);
        }
        catch
        {
            providerLease?.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="row"/> once it may run, and releases its slots when it ends, whatever the outcome.</summary>
    /// <inheritdoc cref="AcquireAsync" path="/exception"/>
    public async Task<T> RunAsync<T>(string? provider, Func<CancellationToken, Task<T>> row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        using var lease = await AcquireAsync(provider, cancellationToken).ConfigureAwait(false);
        return await row(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One line for the start of a run, e.g. <c>up to 16 rows at once; per provider: openai=4@20, azure=8</c>.</summary>
    public string Describe() => ProviderLimits.Count == 0
        ? $"up to {MaxParallelRows} rows at once; no per-provider limits"
        : $"up to {MaxParallelRows} rows at once; per provider: {string.Join(", ", ProviderLimits.Select(Describe))}";

    private string Describe(ProviderLimit limit) =>
        limit.RowStartsPerSecond is null ? limit.ToString()
        : RequestRatedProviders.Contains(limit.Provider, StringComparer.OrdinalIgnoreCase) ? $"{limit} (rate per request)"
        : _sharedRates.Contains(limit.Provider) ? $"{limit} (rate of row starts, machine-wide)"
        : limit.ToString();

    /// <summary>Releases the limiters; waiting rows fail with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _global.Dispose();
        foreach (var gate in _providers.Values)
        {
            gate.Concurrency.Dispose();
            gate.Rate?.Dispose();
        }
    }

    // Every row of a run may be queued at once; a bounded queue would fail rows instead of making them wait.
    private static ConcurrencyLimiterOptions Queued(int permits) =>
        new() { PermitLimit = permits, QueueLimit = int.MaxValue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst };

    private static RateLimitLease Granted(RateLimitLease lease, string limit)
    {
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        throw new InvalidOperationException($"RunnerHarness: the row limiter refused a slot for {limit}; it was disposed while rows were waiting.");
    }

    /// <summary>The limiters of one provider.</summary>
    private sealed class ProviderGate(int maxConcurrentRows, int? rowStartsPerSecond, IRowStartRate? sharedRate)
    {
        public ConcurrencyLimiter Concurrency { get; } = new(Queued(maxConcurrentRows));

        // The rate of row starts when it is kept beyond this process; then Rate is null.
        public IRowStartRate? SharedRate { get; } = sharedRate;

        // A sliding window of 10 segments keeps every one-second window within the rate, not just aligned seconds.
        public SlidingWindowRateLimiter? Rate { get; } = rowStartsPerSecond is { } rate
            ? new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
            {
                PermitLimit = rate,
                Window = TimeSpan.FromSeconds(1),
                SegmentsPerWindow = 10,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            })
            : null;
    }
}
