using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using RunnerHarness.Settings;

namespace RunnerHarness.Planning;

/// <summary>
/// Picks the rows of one shard (<c>RUNNER_HARNESS_SHARD=i/n</c>). Rows are ordered by a hash of their
/// <c>case_key</c> (SHA-256, so the same in every process, machine and .NET version) and dealt round-robin to the
/// shards: every row goes to exactly one shard, shard sizes differ by at most one row, and a row's shard depends
/// only on the set of case keys, never on the order rows arrive in.
/// </summary>
/// <remarks>
/// The assignment must be computed on the full row list - after filters, before top-up removes held samples.
/// Shards that start at slightly different times see different store states; if each dealt only the rows it still
/// lacked, the deals would differ and two shards could take the same row. Dealing the full list, which every shard
/// computes identically from the same matrix, filters and target, keeps the shards disjoint; top-up then only
/// removes rows from each shard's own part.
/// </remarks>
internal sealed class ShardFilter
{
    /// <summary>Creates the filter for <paramref name="shard"/>.</summary>
    public ShardFilter(ShardSpec shard) => Shard = shard;

    /// <summary>The shard whose rows <see cref="Select{T}"/> returns.</summary>
    public ShardSpec Shard { get; }

    /// <summary>The rows of <see cref="Shard"/>, in their order in <paramref name="rows"/>.</summary>
    /// <param name="rows">The full row list: every row of the batch after filters, before top-up.</param>
    /// <param name="caseKeyOf">The row's <c>case_key</c>.</param>
    /// <exception cref="ArgumentException">Two rows have the same case key.</exception>
    public IReadOnlyList<T> Select<T>(IReadOnlyList<T> rows, Func<T, string> caseKeyOf)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(caseKeyOf);
        var shards = Assign([.. rows.Select(caseKeyOf)], Shard.Count);
        return [.. rows.Where((_, i) => shards[i] == Shard.Index)];
    }

    /// <summary>The shard (0 to <paramref name="shardCount"/> - 1) of each case key, by position in <paramref name="caseKeys"/>.</summary>
    /// <exception cref="ArgumentException">A key is null or appears twice.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shardCount"/> is below 1.</exception>
    public static int[] Assign(IReadOnlyList<string> caseKeys, int shardCount)
    {
        ArgumentNullException.ThrowIfNull(caseKeys);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        var order = new (ulong Hash, string Key, int Position)[caseKeys.Count];
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < caseKeys.Count; i++)
        {
            var key = caseKeys[i] ?? throw new ArgumentException($"The case key at position {i} is null.", nameof(caseKeys));
            if (!distinct.Add(key))
            {
                throw new ArgumentException($"The case key '{key}' appears twice; every row of a batch needs its own case key.", nameof(caseKeys));
            }

            order[i] = (StableHash(key), key, i);
        }

        // The key breaks hash ties, so the order is total and identical everywhere.
        Array.Sort(order, static (a, b) => a.Hash != b.Hash ? a.Hash.CompareTo(b.Hash) : string.CompareOrdinal(a.Key, b.Key));
        var shards = new int[caseKeys.Count];
        for (var rank = 0; rank < order.Length; rank++)
        {
            shards[order[rank].Position] = rank % shardCount;
        }

        return shards;
    }

    // string.GetHashCode is randomised per process; a cryptographic hash is stable and spreads similar keys evenly.
    private static ulong StableHash(string key) =>
        BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
