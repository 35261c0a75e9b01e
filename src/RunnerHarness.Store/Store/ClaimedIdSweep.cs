using System.Buffers;
using RunnerHarness.Store.Parquet;

namespace RunnerHarness.Store;

/// <summary>
/// Finds the record ids a list of Parquet files holds more than once while holding only the ids of the files the search
/// is inside of. One merge of every file's sorted ids, in ascending order, as <see cref="RecordLocations.AddRepeats"/>
/// makes it, except that a file's ids are read only when the merge reaches the smallest id the file claims
/// (<see cref="ParquetIdClaim"/>) and let go when the merge has passed its largest: files written at different times
/// (UUIDv7 ids begin with their mint time) are held one or two at a time, files of writers that ran at once together.
/// Sound because each file's smallest id is checked against its claim when it is read: every id the merge took before
/// lies below the claim, so below every id of the file, and nothing the file holds could have been passed. A file that
/// claims nothing is read first (as if it claimed the smallest id) and let go, like any file, once the merge has passed its
/// largest id; one whose ids begin below its claim ends the sweep
/// (<see langword="null"/>: the caller takes the pass that holds every id at once), since an id the merge already took
/// and let go could repeat in it.
/// </summary>
internal static class ClaimedIdSweep
{
    private const int FirstBufferLength = 4096;

    // A file of up to 16M ids fits a pooled buffer; a few of each length cover the files held at once and those read ahead.
    private const int MaxPooledLength = 1 << 24;
    private const int MaxPooledPerLength = 4;

    // Files whose ids are read at once on the pool, one a core, while the merge works through the files before them.
    private const int LoadsAhead = 2;

    /// <summary>
    /// Adds to <paramref name="repeated"/> the key (<see cref="ParsedRecordId.Key"/>) of every id the <paramref name="files"/>
    /// (all Parquet) hold more than once, their ids read through <see cref="ParquetIdPass.Ids"/> with their handles
    /// kept in <paramref name="verified"/>. Returns the most files whose ids it held at once, or <see langword="null"/>
    /// (leaving <paramref name="repeated"/> partly filled) when a file's ids begin below its claim, a file's ids could not
    /// be read whole or its verified handle was not kept.
    /// </summary>
    public static int? FindRepeats(IReadOnlyList<string> files, VerifiedSegments verified, HashSet<string> repeated)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(verified);
        ArgumentNullException.ThrowIfNull(repeated);
        if (files.Count == 0)
        {
            return 0;
        }

        // A file that claims nothing could hold any id: it is read first (claim zero), before the merge takes any id.
        var claims = files.Select(ParquetIdClaim.SmallestId).ToArray();
        var order = Enumerable.Range(0, files.Count).OrderBy(i => claims[i] ?? UInt128.Zero).ThenBy(i => i).ToArray();
        var others = new HashSet<string>(StringComparer.Ordinal);
        var queue = new PriorityQueue<HeldIds, UInt128>();
        var next = 0;

        // The buffers are the sweep's own, let go with it: the shared pool would keep them for the rest of the process.
        var buffers = ArrayPool<UInt128>.Create(MaxPooledLength, MaxPooledPerLength);

        // The next files in claim order are read and sorted on the pool, each into handles of its own (VerifiedSegments is
        // not thread-safe), while the merge works through the files before them; the merge moves each kept handle into
        // verified as it takes the file, in claim order.
        var loading = new Queue<Task<HeldIds>>(LoadsAhead);
        var started = 0;
        StartLoads(files, order, loading, ref started, buffers);
        var mostHeld = 0;
        var hasPrevious = false;
        UInt128 previous = default;
        try
        {
            while (true)
            {
                while (next < order.Length && (!queue.TryPeek(out _, out var smallest) || Claim(claims, order[next]) <= smallest))
                {
                    var loaded = loading.Dequeue().GetAwaiter().GetResult();
                    next++;
                    StartLoads(files, order, loading, ref started, buffers);
                    if (!loaded.KeepHandle(files[loaded.File], verified) || (loaded.Count > 0 && loaded.Ids[0] < Claim(claims, loaded.File)))
                    {
                        loaded.Release();
                        return null;
                    }

                    foreach (var other in loaded.Others)
                    {
                        if (!others.Add(other))
                        {
                            repeated.Add(other);
                        }
                    }

                    if (loaded.Count == 0)
                    {
                        loaded.Release();
                        continue;
                    }

                    queue.Enqueue(loaded, loaded.Ids[0]);
                    mostHeld = Math.Max(mostHeld, queue.Count);
                }

                if (!queue.TryDequeue(out var file, out _))
                {
                    return mostHeld;
                }

                // The file gives the run of its ids below the smallest id another held file has left and below the claim of
                // the next file to read, which must be read before the merge reaches it.
                var bounded = queue.TryPeek(out _, out var bound);
                if (next < order.Length)
                {
                    var claim = Claim(claims, order[next]);
                    bound = bounded ? UInt128.Min(bound, claim) : claim;
                    bounded = true;
                }

                do
                {
                    var id = file.Ids[file.Next];
                    if (hasPrevious && id == previous)
                    {
                        repeated.Add(UuidOrderKey.ToUuid(id).ToString("D"));
                    }

                    previous = id;
                    hasPrevious = true;
                    file.Next++;
                }
                while (file.Next < file.Count && (!bounded || file.Ids[file.Next] < bound));

                if (file.Next < file.Count)
                {
                    queue.Enqueue(file, file.Ids[file.Next]);
                }
                else
                {
                    file.Release();
                }
            }
        }
        finally
        {
            // A sweep that stopped early leaves no read running, closes the handles no file of the merge took and gives
            // its buffers back.
            while (loading.TryDequeue(out var pending))
            {
                ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
                if (pending.IsCompletedSuccessfully)
                {
                    pending.Result.Release();
                }
            }

            while (queue.TryDequeue(out var held, out _))
            {
                held.Release();
            }
        }
    }

    private static UInt128 Claim(UInt128?[] claims, int file) => claims[file] ?? UInt128.Zero;

    // Tops the loads up to LoadsAhead, the next files in claim order.
    private static void StartLoads(IReadOnlyList<string> files, int[] order, Queue<Task<HeldIds>> loading, ref int started, ArrayPool<UInt128> buffers)
    {
        while (loading.Count < LoadsAhead && started < order.Length)
        {
            var file = order[started++];
            loading.Enqueue(Task.Run(() => Load(files, file, buffers)));
        }
    }

    // The file's UUIDs, sorted, in a pooled buffer; its other ids by their text; its verified handle in handles of its own.
    private static HeldIds Load(IReadOnlyList<string> files, int file, ArrayPool<UInt128> buffers)
    {
        var whole = true;
        var verified = new VerifiedSegments();
        var ids = buffers.Rent(FirstBufferLength);
        var count = 0;
        var others = new List<string>();
        try
        {
            foreach (var id in ParquetIdPass.Ids(files[file], _ => whole = false, verified))
            {
                if (id.IsUuid)
                {
                    if (count == ids.Length)
                    {
                        var larger = buffers.Rent(ids.Length * 2);
                        ids.AsSpan(0, count).CopyTo(larger);
                        buffers.Return(ids);
                        ids = larger;
                    }

                    ids[count++] = UuidOrderKey.Of(id.Uuid);
                }
                else if (!id.IsNone)
                {
                    others.Add(id.Key);
                }
            }

            ids.AsSpan(0, count).Sort();
        }
        catch
        {
            verified.Dispose();
            buffers.Return(ids);
            throw;
        }

        return new HeldIds(file, ids, count, others, whole, verified, buffers);
    }

    /// <summary>One file's sorted UUIDs in a pooled buffer, and how far the merge has taken them.</summary>
    private sealed class HeldIds(int file, UInt128[] ids, int count, List<string> others, bool whole, VerifiedSegments verified, ArrayPool<UInt128> buffers)
    {
        private UInt128[]? _ids = ids;
        private VerifiedSegments? _verified = verified;

        public int File { get; } = file;

        public UInt128[] Ids => _ids ?? throw new InvalidOperationException($"the ids of file {File} were let go");

        public int Count { get; } = count;

        public List<string> Others { get; } = others;

        public int Next { get; set; }

        /// <summary>
        /// Whether the file's ids were read whole and its verified handle, moved into <paramref name="kept"/> (on the
        /// merge's thread, the one that uses it), was kept there for the fold. Once only; the load's own handles are closed.
        /// </summary>
        public bool KeepHandle(string path, VerifiedSegments kept)
        {
            using var own = _verified ?? throw new InvalidOperationException($"the handle of file {File} was asked for already");
            _verified = null;
            if (!whole || own.Take(path) is not { } handle)
            {
                return false;
            }

            if (kept.TryKeep(path, handle))
            {
                return true;
            }

            handle.Dispose();
            return false;
        }

        public void Release()
        {
            if (_ids is { } ids)
            {
                buffers.Return(ids);
                _ids = null;
            }

            _verified?.Dispose();
            _verified = null;
        }
    }
}
