using System.Globalization;

namespace RunnerHarness.Interop;

/// <summary>
/// Reads the lines of an import with bounded memory: a line longer than the store reader's cap
/// (<see cref="Store.JsonLines.JsonLinesFileReader.MaxLineBytes"/>) is refused, naming its number and the cap,
/// instead of being read whole - an import that took it would seal a record every reader then drops.
/// </summary>
internal static class ImportLineReader
{
    /// <summary>The longest line an import takes: the store reader's cap, so whatever is imported can be read back.</summary>
    public const int MaxLineBytes = Store.JsonLines.JsonLinesFileReader.MaxLineBytes;

    private const int BufferSize = 1 << 16;

    /// <summary>
    /// The lines of <paramref name="stream"/> (without '\n' or a trailing '\r') with their 1-based numbers, read from
    /// its current position; each line's bytes are valid until the next one is read. A last line without '\n' is a line.
    /// </summary>
    /// <exception cref="FormatException">A line is longer than <paramref name="maxLineBytes"/>.</exception>
    public static IEnumerable<(ReadOnlyMemory<byte> Line, int Number)> Read(Stream stream, string input, int maxLineBytes = MaxLineBytes)
    {
        var buffer = new byte[Math.Min(BufferSize, maxLineBytes + 1)];
        var filled = 0;
        var number = 0;
        while (true)
        {
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            var start = 0;
            int newline;
            while ((newline = Array.IndexOf(buffer, (byte)'\n', start, filled - start)) >= 0)
            {
                number++;
                var length = newline - start;
                if (length > maxLineBytes)
                {
                    throw TooLong(input, number, maxLineBytes);
                }

                yield return (Trim(buffer.AsMemory(start, length)), number);
                start = newline + 1;
            }

            Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
            filled -= start;
            if (read == 0)
            {
                break;
            }

            if (filled > maxLineBytes)
            {
                throw TooLong(input, number + 1, maxLineBytes);
            }

            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxLineBytes + 1L));
            }
        }

        if (filled > 0)
        {
            yield return (Trim(buffer.AsMemory(0, filled)), number + 1);
        }
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line) =>
        line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;

    private static FormatException TooLong(string input, int number, int maxLineBytes) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"{input} was not imported: line {number} is longer than {maxLineBytes} bytes ({maxLineBytes >> 20} MiB), the longest line the store's readers read. Nothing was written. Split the record's large values (e.g. store a long output elsewhere and keep a reference)."));
}
