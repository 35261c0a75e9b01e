using System.Buffers;
using RunnerHarness.Schema;

namespace RunnerHarness.Store;

/// <summary>
/// The one rule for which of two copies of a <c>record_id</c> counts when their content differs: the copy with the
/// earliest <c>finished_at</c> (a copy without one comes after every copy with one), then the one whose content hash
/// (<see cref="StoreFingerprint.DigestOf"/>, every column) is smaller. It looks at the copies alone, never at their
/// files' paths, formats or order, so it gives the same answer before and after a compaction merges the files, on
/// every machine. Readers, compaction, the migration proof and <c>verify</c> all apply it.
/// </summary>
/// <param name="FinishedTicks">The copy's <c>finished_at</c> in ticks, or <see cref="long.MaxValue"/> when it has none.</param>
/// <param name="Digest">The hash of the copy's content.</param>
internal readonly record struct CopyPrecedence(long FinishedTicks, UInt128 Digest) : IComparable<CopyPrecedence>
{
    /// <summary>The precedence of <paramref name="record"/>, using <paramref name="line"/> as scratch for its hash.</summary>
    public static CopyPrecedence Of(ResultRecord record, ArrayBufferWriter<byte> line) =>
        new(record.FinishedAt?.Ticks ?? long.MaxValue, StoreFingerprint.DigestOf(record, line));

    /// <summary>Negative when this copy counts over <paramref name="other"/>.</summary>
    public int CompareTo(CopyPrecedence other)
    {
        var byTime = FinishedTicks.CompareTo(other.FinishedTicks);
        return byTime != 0 ? byTime : Digest.CompareTo(other.Digest);
    }

    /// <summary>Whether this copy counts over <paramref name="other"/>.</summary>
    public bool Precedes(CopyPrecedence other) => CompareTo(other) < 0;
}
