using System.Buffers;
using System.Text.Json;

namespace RunnerHarness.Store.Summaries;

/// <summary>
/// Where a sealed file's <see cref="SegmentSummary"/> lives and how it is written and read. The summary of
/// <c>data/&lt;path&gt;/&lt;file&gt;</c> is <c>summaries/&lt;path&gt;/&lt;file&gt;.sha256_&lt;32 hex&gt;.summary</c>: a small
/// binary document (<see cref="SegmentSummaryBinary"/>; one written before it is JSON, <see cref="SegmentSummaryJson"/>,
/// told apart by its first byte and read as well) sealed like a data file (written under <c>tmp/</c>, named by its own checksum, renamed into place),
/// naming the data file and its byte length. Summaries live outside <c>data/</c>, so every reader of records
/// ignores them; they are derived data, and a missing one costs a full read of its file, never a wrong number.
/// </summary>
internal static class SegmentSummaryFile
{
    /// <summary>The extension of summary files.</summary>
    public const string Extension = ".summary";

    /// <summary>The folder holding the summaries of the files in the data folder <paramref name="dataDirectory"/>.</summary>
    public static string DirectoryFor(StoreLayout layout, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return Path.Combine(layout.SummaryDirectory, Path.GetRelativePath(layout.DataDirectory, dataDirectory));
    }

    /// <summary>Writes and seals the summary of the sealed file <paramref name="dataFile"/>; returns its path.</summary>
    internal static string Write(StoreLayout layout, string dataFile, SegmentSummary summary)
    {
        var length = new FileInfo(dataFile).Length;
        var directory = DirectoryFor(layout, Path.GetDirectoryName(dataFile)!);
        return SegmentSealer.WriteThenRename(layout, directory, Path.GetFileName(dataFile), Extension, stream => SegmentSummaryBinary.Serialize(stream, Path.GetFileName(dataFile), length, summary));
    }

    /// <summary>Removes every summary of <paramref name="dataFile"/>, a sealed file that was removed.</summary>
    internal static void RemoveFor(StoreLayout layout, string dataFile)
    {
        var directory = DirectoryFor(layout, Path.GetDirectoryName(dataFile)!);
        if (!Directory.Exists(directory))
        {
            return;
        }

        var stem = Path.GetFileName(dataFile);
        foreach (var summary in Directory.EnumerateFiles(directory, stem + "*" + Extension).Where(s => SegmentChecksum.IsNameOf(Path.GetFileName(s), stem, Extension)).ToArray())
        {
            // A summary behind a link is not the store's own; it stays (and, not sound for this file, is never trusted).
            if (StoreLinks.IsOwnFile(layout, summary))
            {
                File.Delete(summary);
            }
        }
    }

    /// <summary>
    /// The summary at <paramref name="summaryPath"/> of the data file <paramref name="dataFile"/> of <paramref name="dataLength"/> bytes.
    /// </summary>
    /// <returns>The summary, or <see langword="null"/> when it is intact but of an older layout (<see cref="SegmentSummary.CurrentVersion"/>): outdated, to be recomputed.</returns>
    /// <exception cref="CorruptSegmentException">The summary does not match its checksum, names another file or length, or is not a summary.</exception>
    /// <exception cref="FileNotFoundException">The summary vanished.</exception>
    internal static SegmentSummary? Read(string summaryPath, string dataFile, long dataLength)
    {
        // One read into a pooled buffer (planning reads every summary of the store, ~1 MB each, and fresh buffers cost
        // their pages' faults and zeroing): the checksum is checked on the very bytes that are parsed.
        using var handle = File.OpenHandle(summaryPath);
        var length = RandomAccess.GetLength(handle);
        if (length > Array.MaxLength)
        {
            throw new CorruptSegmentException($"{summaryPath} is {length} bytes, more than any summary");
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var read = 0;
            while (read < length && RandomAccess.Read(handle, buffer.AsSpan(read, (int)length - read), read) is var chunk and > 0)
            {
                read += chunk;
            }

            return Parse(summaryPath, buffer.AsSpan(0, read), dataFile, dataLength);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static SegmentSummary? Parse(string summaryPath, ReadOnlySpan<byte> content, string dataFile, long dataLength)
    {
        if (!SegmentChecksum.Verify(summaryPath, content))
        {
            throw new CorruptSegmentException($"{summaryPath} carries no checksum in its name");
        }

        try
        {
            var parsed = SegmentSummaryJson.IsJson(content) ? SegmentSummaryJson.Parse(content) : SegmentSummaryBinary.Parse(content);
            if (parsed.Version is > 0 and < SegmentSummary.CurrentVersion && parsed.File == Path.GetFileName(dataFile) && parsed.FileBytes == dataLength)
            {
                return null;
            }

            if (parsed.Version != SegmentSummary.CurrentVersion || parsed.File != Path.GetFileName(dataFile) || parsed.FileBytes != dataLength)
            {
                throw new CorruptSegmentException(
                    $"{summaryPath} describes '{parsed.File}' of {parsed.FileBytes} bytes in layout {parsed.Version}, not '{Path.GetFileName(dataFile)}' of {dataLength} bytes in layout {SegmentSummary.CurrentVersion}");
            }

            return parsed.Summary;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new CorruptSegmentException($"{summaryPath} is not a summary ({ex.Message})", ex);
        }
    }

    /// <summary>
    /// Why <paramref name="stored"/>, a sound summary, does not describe the records <paramref name="computed"/> summarises,
    /// or <see langword="null"/> when it does (every number: records, times, runs and shards, held samples).
    /// </summary>
    internal static string? Disagreement(SegmentSummary stored, SegmentSummary computed)
    {
        if (stored.Records != computed.Records)
        {
            return $"it says the file holds {stored.Records} records, the file holds {computed.Records}";
        }

        using var storedBytes = new MemoryStream();
        using var computedBytes = new MemoryStream();
        SegmentSummaryJson.Serialize(storedBytes, "", 0, stored);
        SegmentSummaryJson.Serialize(computedBytes, "", 0, computed);
        return storedBytes.ToArray().AsSpan().SequenceEqual(computedBytes.ToArray())
            ? null
            : "its times, runs, shards or held samples differ from what the file's records give";
    }
}
