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
public readonly record struct StoreFingerprint(long Records, UInt128 Digest)
{
    /// <summary>Fingerprints every sealed record of <paramref name="reader"/>'s store.</summary>
    public static StoreFingerprint Of(StoreReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Of(reader.Read());
    }

    /// <summary>Fingerprints the distinct records of the given sealed files.</summary>
    /// <exception cref="CorruptSegmentException">A file cannot be read.</exception>
    public static StoreFingerprint OfFiles(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var seen = new RecordIdSet();
        return Of(files
            .SelectMany(f => SegmentFormats.ReaderFor(f)?.Read(f, RecordProjection.All, static _ => { }) ?? [])
            .Where(r => seen.Add(r.RecordId)));
    }

    /// <summary>Fingerprints <paramref name="records"/>, which must be distinct by id.</summary>
    public static StoreFingerprint Of(IEnumerable<ResultRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var line = new ArrayBufferWriter<byte>(4096);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        long count = 0;
        UInt128 digest = 0;
        foreach (var record in records)
        {
            line.ResetWrittenCount();
            JsonLinesRecordCodec.WriteLine(record, line);
            SHA256.HashData(line.WrittenSpan, hash);
            digest += BinaryPrimitives.ReadUInt128LittleEndian(hash);
            count++;
        }

        return new StoreFingerprint(count, digest);
    }
}
