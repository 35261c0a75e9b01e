namespace RunnerHarness.Models.Pipeline;

/// <summary>
/// The keys of one provider. Each request takes the key with the fewest requests in flight among those not resting,
/// rotating on ties, so requests spread over the keys. A key that was answered 429 with <c>Retry-After</c> rests until
/// that time has passed (capped by the caller); when every key rests, a request waits for the first to wake. A
/// provider without keys has one slot with no key, which rests the same way. A key the provider rejects (401/403) is
/// set aside for the rest of the run (<see cref="Reject"/>): no request takes it again, and when every key is set aside
/// <see cref="AcquireAsync"/> has none to give. Keys are held here and in the SDK clients only; <see cref="Redact"/> takes
/// them out of any text. Thread-safe.
/// </summary>
internal sealed class KeyPool
{
    private readonly Slot[] _slots;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private int _next;

    /// <summary>Creates the pool of <paramref name="keys"/> (variable name and key); empty for a provider without keys.</summary>
    public KeyPool(IReadOnlyList<(string Variable, string Key)> keys, TimeProvider time)
    {
        _time = time;
        _slots = keys.Count == 0
            ? [new Slot(0, null, "no key")]
            : [.. keys.Select((k, i) => new Slot(i, k.Key, k.Variable))];
    }

    /// <summary>How many slots the pool has: its keys, or 1 without keys.</summary>
    public int Count => _slots.Length;

    /// <summary>The key of slot <paramref name="index"/>, or <see langword="null"/> for the keyless slot.</summary>
    public string? KeyAt(int index) => _slots[index].Key;

    /// <summary>How many keys are still in use (not rejected).</summary>
    public int UsableCount
    {
        get
        {
            lock (_gate)
            {
                return _slots.Count(s => !s.Rejected);
            }
        }
    }

    /// <summary>The variables of the keys set aside as rejected, in the order of the models file.</summary>
    public IReadOnlyList<string> RejectedVariables
    {
        get
        {
            lock (_gate)
            {
                return [.. _slots.Where(s => s.Rejected).Select(s => s.Variable)];
            }
        }
    }

    /// <summary>
    /// Waits for a key that is neither resting nor rejected; dispose the lease when the request ends. Returns
    /// <see langword="null"/> when every key of the pool was rejected (<see cref="Reject"/>).
    /// </summary>
    public async ValueTask<KeyLease?> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = _time.GetTimestamp();
                Slot? best = null;
                for (var i = 0; i < _slots.Length; i++)
                {
                    var slot = _slots[(_next + i) % _slots.Length];
                    if (!slot.Rejected && slot.RestUntil <= now && (best is null || slot.InFlight < best.InFlight))
                    {
                        best = slot;
                    }
                }

                if (best is not null)
                {
                    best.InFlight++;
                    _next = (best.Index + 1) % _slots.Length;
                    return new KeyLease(this, best.Index, best.Variable);
                }

                if (_slots.All(s => s.Rejected))
                {
                    return null;
                }

                var wake = _slots.Where(s => !s.Rejected).Min(s => s.RestUntil);
                wait = TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(_time.GetElapsedTime(now, wake).TotalMilliseconds)));
            }

            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sets the key of <paramref name="lease"/> aside for <paramref name="duration"/> from now (a longer rest already set stays).</summary>
    public void Rest(KeyLease lease, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lock (_gate)
        {
            var slot = _slots[lease.Index];
            var until = _time.GetTimestamp() + (long)(duration.TotalSeconds * _time.TimestampFrequency);
            slot.RestUntil = Math.Max(slot.RestUntil, until);
        }
    }

    /// <summary>
    /// Sets the key of <paramref name="lease"/> aside for the rest of the run: the provider refused it (401/403). Returns
    /// <see langword="true"/> for the call that set it aside (so it is announced once), <see langword="false"/> when it
    /// already was, or for the keyless slot, which has no key to set aside.
    /// </summary>
    public bool Reject(KeyLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lock (_gate)
        {
            var slot = _slots[lease.Index];
            if (slot.Key is null || slot.Rejected)
            {
                return false;
            }

            slot.Rejected = true;
            return true;
        }
    }

    /// <summary>Whether the key of <paramref name="lease"/> was set aside since the lease was taken.</summary>
    public bool IsRejected(KeyLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lock (_gate)
        {
            return _slots[lease.Index].Rejected;
        }
    }

    /// <summary><paramref name="text"/> with every key of the pool replaced by <c>[key of VARIABLE]</c>.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var slot in _slots)
        {
            if (!string.IsNullOrEmpty(slot.Key))
            {
                text = text.Replace(slot.Key, $"[key of {slot.Variable}]", StringComparison.Ordinal);
            }
        }

        return text;
    }

    private void Release(int index)
    {
        lock (_gate)
        {
            _slots[index].InFlight--;
        }
    }

    private sealed class Slot(int index, string? key, string variable)
    {
        public int Index { get; } = index;

        public string? Key { get; } = key;

        public string Variable { get; } = variable;

        public int InFlight { get; set; }

        public long RestUntil { get; set; } = long.MinValue;

        public bool Rejected { get; set; }
    }

    /// <summary>One request's use of a key.</summary>
    public sealed class KeyLease(KeyPool owner, int index, string variable) : IDisposable
    {
        private int _released;

        /// <summary>The slot's index.</summary>
        public int Index { get; } = index;

        /// <summary>The variable the key came from (for messages; never the key).</summary>
        public string Variable { get; } = variable;

        /// <inheritdoc/>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(Index);
            }
        }
    }
}
