using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using RunnerHarness.Schema;
using RunnerHarness.Store.JsonLines;

namespace RunnerHarness.Store;

/// <summary>
/// An order-independent digest of a set of records: the count and the sum of a 128-bit hash of each
/// record's canonical JSON line. Two stores with the same fingerprint hold the same records with the
/// same values, whatever their formats and file boundaries.
/// </summary>
/// <param name="Records">How many distinct records.</param>
/// <param name="Digest">The sum of the records' hashes, modulo 2^128.</param>
internal readonly record struct StoreFingerprint(long Records, UInt128 Digest)
{
    /// <summary>Fingerprints every sealed record of <paramref name="reader"/>'s store.</summary>
    public static StoreFingerprint Of(StoreReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Of(reader.Read());
    }

    /// <summary>
    /// Fingerprints the distinct records of the given sealed files; of an id held more than once, the copy that counts
    /// by the rule every reader applies (<see cref="CopyPrecedence"/>: earliest <c>finished_at</c>, then content hash).
    /// A damaged file (<see cref="CorruptSegmentException"/>: it fails its checksum or a line or row does not decode)
    /// counts its records up to the damage, as every reader yields them: the same on both sides of a migration's
    /// comparison, because compaction keeps such a file in place, unmerged and reported. A file that cannot be read
    /// at all (permissions, a device error, gone from its path) is never counted as empty: a fingerprint that skipped
    /// it would prove nothing about its records, yet a migration removes its sources on the strength of the comparison.
    /// </summary>
    /// <exception cref="IOException">A file cannot be read; the message names it and the cause.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled before the last record was read.</exception>
    public static StoreFingerprint OfFiles(IEnumerable<string> files, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var list = files.ToList();
        var plan = ConflictPlan.Of(list);
        cancellation.ThrowIfCancellationRequested();
        var seen = new RecordIdSet();
        return Of(list.SelectMany((file, index) => ReadOrNothing(file).Where((r, position) => plan.Counts(r.RecordId, index, position))).Where(r => seen.Add(r.RecordId)), cancellation);
    }

    private static IEnumerable<ResultRecord> ReadOrNothing(string file)
    {
        var reader = SegmentFormats.ReaderFor(file);
        return reader is null ? [] : ConflictPassReads.UpToFailure(reader.Read(file, RecordProjection.All, static _ => { }), failure =>
        {
            if (failure is not CorruptSegmentException)
            {
                throw new IOException($"{file} cannot be read ({failure.Message})", failure);
            }
        });
    }

    /// <summary>Fingerprints <paramref name="records"/>, which must be distinct by id; stops with <see cref="OperationCanceledException"/> when <paramref name="cancellation"/> is cancelled.</summary>
    public static StoreFingerprint Of(IEnumerable<ResultRecord> records, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var line = new ArrayBufferWriter<byte>(4096);
        long count = 0;
        UInt128 digest = 0;
        foreach (var record in records)
        {
            cancellation.ThrowIfCancellationRequested();
            digest += DigestOf(record, line);
            count++;
        }

        return new StoreFingerprint(count, digest);
    }

    /// <summary>A 128-bit hash of <paramref name="record"/>'s canonical JSON line (every column, nulls included), using <paramref name="line"/> as scratch.</summary>
    internal static UInt128 DigestOf(ResultRecord record, ArrayBufferWriter<byte> line)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        line.ResetWrittenCount();
        JsonLinesRecordCodec.WriteLine(record, line);
        SHA256.HashData(line.WrittenSpan, hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }
}
