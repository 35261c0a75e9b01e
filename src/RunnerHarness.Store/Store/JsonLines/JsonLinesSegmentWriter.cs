using System.Buffers;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.JsonLines;

/// <summary>Writes records as UTF-8 JSON Lines, one record per line, every column named.</summary>
internal sealed class JsonLinesSegmentWriter : ISegmentWriter
{
    private const int FlushThresholdBytes = 1 << 20;

    /// <inheritdoc />
    public StorageFormat Format => StorageFormat.Json;

    /// <inheritdoc />
    public string Extension => StoreLayout.JsonLinesExtension;

    /// <inheritdoc />
    public void Write(IEnumerable<ResultRecord> records, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(destination);
        var buffer = new ArrayBufferWriter<byte>(FlushThresholdBytes * 2);
        foreach (var record in records)
        {
            JsonLinesRecordCodec.WriteLine(record, buffer);
            if (buffer.WrittenCount >= FlushThresholdBytes)
            {
                destination.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }
        }

        destination.Write(buffer.WrittenSpan);
    }
}
