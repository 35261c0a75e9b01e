using System.Buffers.Binary;
using System.Reflection;
using Parquet;
using Parquet.Meta;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Decodes a Parquet file's footer within its own bytes before Parquet.Net opens the file. Parquet.Net
/// (6.1.0) decodes the footer from a buffer it holds itself, where its Thrift reader takes the buffer's end
/// for endless 0xFF bytes: one damaged byte can keep it decoding forever, and a .NET thread cannot be
/// stopped. This check runs the same decoder (<see cref="FileMetaData"/>'s Thrift reading, which Parquet.Net
/// keeps internal, so it is bound by reflection once) over a <see cref="StrictEndStream"/>, where that end
/// is an exception. Only files without a checksum need it: a file whose checksum holds has the bytes its
/// writer wrote.
/// </summary>
internal static class ParquetFooterCheck
{
    private const int TailLength = 8;
    private static readonly Func<Stream, FileMetaData> Decode = BindDecoder();

    /// <summary>Throws <see cref="InvalidDataException"/> or <see cref="EndOfStreamException"/> when the footer is damaged.</summary>
    public static void Check(string path, Stream file)
    {
        var length = file.Length;
        Span<byte> tail = stackalloc byte[TailLength];
        if (length < 4 + TailLength)
        {
            throw new InvalidDataException($"{length} bytes cannot hold a Parquet footer");
        }

        file.Seek(-TailLength, SeekOrigin.End);
        file.ReadExactly(tail);
        if (!tail[4..].SequenceEqual("PAR1"u8))
        {
            throw new InvalidDataException("the file does not end with the Parquet magic 'PAR1'");
        }

        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footerLength <= 0 || footerLength > length - 4 - TailLength)
        {
            throw new InvalidDataException($"the footer length {footerLength} does not fit in {length} bytes");
        }

        var footer = new byte[footerLength];
        file.Seek(-TailLength - footerLength, SeekOrigin.End);
        file.ReadExactly(footer);
        file.Seek(0, SeekOrigin.Begin);
        using var bounded = new StrictEndStream(new MemoryStream(footer, writable: false), $"{path}'s footer");
        Decode(bounded);
    }

    private static Func<Stream, FileMetaData> BindDecoder()
    {
        const string ProtocolReader = "Parquet.Meta.Proto.ThriftCompactProtocolReader";
        var protocolType = typeof(ParquetReader).Assembly.GetType(ProtocolReader);
        var create = protocolType?.GetConstructor([typeof(Stream)]);
        var read = protocolType is null ? null : typeof(FileMetaData).GetMethod("Read", BindingFlags.NonPublic | BindingFlags.Static, [protocolType]);
        if (create is null || read is null)
        {
            throw new InvalidOperationException(
                $"Parquet.Net {typeof(ParquetReader).Assembly.GetName().Version} has no internal {ProtocolReader}(Stream) or FileMetaData.Read({ProtocolReader}); " +
                "the footer check of files without a checksum is written against Parquet.Net 6.1.0 and must be updated with the package.");
        }

        return stream => (FileMetaData)read.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [create.Invoke([stream])], null)!;
    }
}
