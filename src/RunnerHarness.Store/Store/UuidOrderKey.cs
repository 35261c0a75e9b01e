using System.Buffers.Binary;

namespace RunnerHarness.Store;

/// <summary>
/// A UUID as one 128-bit number in the order of its bytes as written (RFC 9562), so that comparing two keys is two
/// integer comparisons and a UUIDv7's timestamp, its first 48 bits, is the most significant part: the ids a writer mints
/// over a stretch of time fall in one range of keys, and files written at different times in ranges apart.
/// </summary>
internal static class UuidOrderKey
{
    /// <summary>The key of <paramref name="uuid"/>.</summary>
    public static UInt128 Of(Guid uuid)
    {
        Span<byte> bytes = stackalloc byte[16];
        uuid.TryWriteBytes(bytes, bigEndian: true, out _);
        return new UInt128(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    /// <summary>The UUID whose key is <paramref name="key"/>.</summary>
    public static Guid ToUuid(UInt128 key)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)(key >> 64));
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], (ulong)key);
        return new Guid(bytes, bigEndian: true);
    }
}
