using System.Diagnostics;
using System.Text.Json;
using RunnerHarness.Models.Configuration;

namespace RunnerHarness.Models.Limits;

/// <summary>
/// The lease file of one provider on this machine: <c>leases.json</c> in the provider's folder, read and rewritten
/// only while holding <c>lock</c>, an exclusive advisory lock (flock on Unix, a sharing lock on Windows) that the
/// operating system drops when its holder exits, however it exits. Every process calling the provider takes its
/// leases here, so they share one concurrency limit and one rate. A lease whose owner has ended is taken back at
/// the next look; one whose owner cannot be checked (another machine) when it expires. Thread-safe.
/// </summary>
internal sealed class ProviderLeaseBoard
{
    private const string LockFileName = "lock";
    private const string StateFileName = "leases.json";

    // Another process holds the lock only for a read and a rewrite of a small file; waiting longer than this means
    // something is wrong with the folder, and saying so beats hanging the run.
    private static readonly TimeSpan LockPatience = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly Lock _gate = new();
    private readonly string _lockPath;
    private readonly string _statePath;
    private readonly string _provider;
    private readonly LeaseOwner _owner;

    public ProviderLeaseBoard(string directory, string provider, LeaseOwner owner)
    {
        Directory = directory;
        _provider = provider;
        _owner = owner;
        _lockPath = Path.Combine(directory, LockFileName);
        _statePath = Path.Combine(directory, StateFileName);
        MachineLimitsFolder.EnsurePrivate(directory);
    }

    /// <summary>The provider's folder.</summary>
    public string Directory { get; }

    /// <summary>
    /// Grants a lease when fewer than <paramref name="maxConcurrency"/> leases are held on the machine and, with a rate,
    /// fewer than <paramref name="perWindow"/> requests were sent (or may be about to be) in the last <paramref name="window"/>.
    /// Leases of ended owners and expired leases are taken back first; each still counts against the rate from the moment it is taken back.
    /// </summary>
    public LeaseGrant TryAcquire(long nowUs, int maxConcurrency, int? perWindow, TimeSpan window, TimeSpan leaseTime) => Transact(state =>
    {
        var windowUs = Microseconds(window);
        var reclaimed = Reclaim(state, nowUs, onlyExpired: true);
        var grant = TryGrant(state, nowUs, maxConcurrency, perWindow, windowUs, leaseTime);
        if (grant.LeaseId is null)
        {
            // Only when refused: checking owners costs a look at the process table per owner.
            var gone = Reclaim(state, nowUs, onlyExpired: false);
            if (gone > 0)
            {
                reclaimed += gone;
                grant = TryGrant(state, nowUs, maxConcurrency, perWindow, windowUs, leaseTime);
            }
        }

        return (grant with { Reclaimed = reclaimed }, grant.LeaseId is not null || reclaimed > 0);
    });

    /// <summary>Records that the request of lease <paramref name="leaseId"/> left for the provider now.</summary>
    public void MarkSent(string leaseId, long nowUs) => Transact(state =>
    {
        var lease = state.Leases.Find(l => l.Id == leaseId);
        if (lease is null || lease.SentUs is not null)
        {
            return (false, false);
        }

        lease.SentUs = nowUs;
        return (true, true);
    });

    /// <summary>
    /// Ends lease <paramref name="leaseId"/>. With a rate (<paramref name="perWindow"/>), its request keeps counting
    /// against it for a window from when it was sent (from now, if it never said); only the newest
    /// <paramref name="perWindow"/> sends are kept, as older ones cannot decide a grant.
    /// </summary>
    public void Release(string leaseId, long nowUs, int? perWindow, TimeSpan window) => Transact(state =>
    {
        var index = state.Leases.FindIndex(l => l.Id == leaseId);
        if (index < 0)
        {
            return (false, false);
        }

        var lease = state.Leases[index];
        state.Leases.RemoveAt(index);
        if (perWindow is { } limit)
        {
            state.Sends.Add(lease.SentUs ?? nowUs);
            var windowUs = Microseconds(window);
            state.Sends.RemoveAll(s => nowUs - s >= windowUs);
            if (state.Sends.Count > limit)
            {
                state.Sends.Sort();
                state.Sends.RemoveRange(0, state.Sends.Count - limit);
            }
        }

        return (true, true);
    });

    /// <summary>Moves the expiry of every lease of this process to <paramref name="leaseTime"/> from now.</summary>
    public int Renew(long nowUs, TimeSpan leaseTime) => Transact(state =>
    {
        var renewed = 0;
        foreach (var lease in state.Leases.Where(l => l.Owner == _owner))
        {
            lease.ExpiresUs = nowUs + Microseconds(leaseTime);
            renewed++;
        }

        return (renewed, renewed > 0);
    });

    /// <summary>The leases held on the machine now, for tests and diagnostics.</summary>
    public int CountLeases() => Transact(state => (state.Leases.Count, false));

    private static int Reclaim(LeaseBoardState state, long nowUs, bool onlyExpired)
    {
        var gone = new Dictionary<LeaseOwner, bool>();
        var ended = state.Leases
            .Where(l => l.ExpiresUs <= nowUs || (!onlyExpired && (gone.TryGetValue(l.Owner, out var isGone) ? isGone : gone[l.Owner] = l.Owner.IsGone())))
            .ToList();
        foreach (var lease in ended)
        {
            // Its request may have reached the provider at any time until now: it counts against the rate from now.
            state.Leases.Remove(lease);
            state.Sends.Add(nowUs);
        }

        return ended.Count;
    }

    private LeaseGrant TryGrant(LeaseBoardState state, long nowUs, int maxConcurrency, int? perWindow, long windowUs, TimeSpan leaseTime)
    {
        state.Sends.RemoveAll(s => nowUs - s >= windowUs);
        if (state.Leases.Count >= maxConcurrency)
        {
            return new LeaseGrant(null, MachineWideLimiter.PollInterval, 0);
        }

        if (perWindow is { } limit)
        {
            // In the window: finished sends, requests sent and still in flight, and requests about to be sent (which
            // count as sent now until they say when they left).
            var known = state.Sends.Concat(state.Leases.Where(l => l.SentUs is { } sent && nowUs - sent < windowUs).Select(l => l.SentUs!.Value)).Order().ToList();
            var pending = state.Leases.Count(l => l.SentUs is null);
            var used = known.Count + pending;
            if (used >= limit)
            {
                // The (used - limit + 1)-th oldest known send must leave the window; if that send is not known yet, look again soon.
                var mustLeave = used - limit + 1;
                var wait = mustLeave <= known.Count
                    ? TimeSpan.FromMicroseconds(Math.Max(1, known[mustLeave - 1] + windowUs - nowUs))
                    : MachineWideLimiter.PollInterval;
                return new LeaseGrant(null, wait, 0);
            }
        }

        var lease = new LeaseEntry
        {
            Id = Guid.NewGuid().ToString("N"),
            Host = _owner.Host,
            Pid = _owner.Pid,
            ProcessStarted = _owner.StartedTicks,
            GrantedUs = nowUs,
            ExpiresUs = nowUs + Microseconds(leaseTime),
        };
        state.Leases.Add(lease);
        return new LeaseGrant(lease.Id, TimeSpan.Zero, 0);
    }

    private T Transact<T>(Func<LeaseBoardState, (T Result, bool Changed)> change)
    {
        lock (_gate)
        {
            using var held = LockFile();
            var state = Read();
            var (result, changed) = change(state);
            if (changed)
            {
                Write(state);
            }

            return result;
        }
    }

    private FileStream LockFile()
    {
        // FileShare.None takes the exclusive advisory lock (flock LOCK_EX|LOCK_NB on Unix, a sharing lock on Windows);
        // it fails at once while another process holds it, so this retries. Holders keep it for microseconds.
        var patience = Stopwatch.StartNew();
        var spin = default(SpinWait);
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        while (true)
        {
            try
            {
                return new FileStream(_lockPath, options);
            }
            catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException and not PathTooLongException)
            {
                if (patience.Elapsed > LockPatience)
                {
                    throw new ModelsConfigurationException(
                        $"RunnerHarness: the machine-wide limits of provider {_provider} could not take the lock file {_lockPath} within {LockPatience.TotalSeconds:0} s ({ex.Message}). " +
                        "Another process keeps it locked; if none runs, delete the folder.", ex);
                }

                spin.SpinOnce(sleep1Threshold: 10);
            }
        }
    }

    private LeaseBoardState Read()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(_statePath);
        }
        catch (FileNotFoundException)
        {
            return new LeaseBoardState { Provider = _provider };
        }

        try
        {
            return JsonSerializer.Deserialize<LeaseBoardState>(bytes, Json) ?? new LeaseBoardState { Provider = _provider };
        }
        catch (JsonException ex)
        {
            throw new ModelsConfigurationException(
                $"RunnerHarness: the lease file {_statePath} of provider {_provider} is not valid JSON ({ex.Message}); RunnerHarness writes it only by an atomic rename, " +
                "so something else changed it. Delete the file (no run may be calling the provider) and start again.", ex);
        }
    }

    private void Write(LeaseBoardState state)
    {
        state.Provider = _provider;
        var temporary = $"{_statePath}.{_owner.Pid}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, state, Json);
        }

        // A rename is atomic: a process killed mid-write leaves the old file whole, never half of the new one.
        File.Move(temporary, _statePath, overwrite: true);
    }

    private static long Microseconds(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMicrosecond;
}
