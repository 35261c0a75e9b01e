using RunnerHarness.Schema;

namespace RunnerHarness.Store.JsonLines;

/// <summary>
/// Reads a JSON Lines file line by line with bounded memory. A line that does not parse is reported
/// and skipped; a last line without its '\n' is a torn write, reported as such.
/// </summary>
internal static class JsonLinesFileReader
{
    private const int BufferSize = 1 << 16;

    /// <summary>Reads the file at <paramref name="path"/>; it is opened on the first MoveNext, so a vanished file surfaces there.</summary>
    public static IEnumerable<ResultRecord> Read(string path, Action<StoreProblem> report, StoreProblemKind tornTailKind)
    {
        foreach (var record in Read(OpenShared(path), report, tornTailKind))
        {
            yield return record;
        }
    }

    /// <summary>Opens a file for reading while writers append to it or rename or delete it.</summary>
    public static FileStream OpenShared(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferSize, FileOptions.SequentialScan);

    /// <summary>Reads an already opened file and disposes it; the file may have been renamed or deleted since it was opened.</summary>
    public static IEnumerable<ResultRecord> Read(FileStream stream, Action<StoreProblem> report, StoreProblemKind tornTailKind)
    {
        using var owned = stream;
        var path = stream.Name;
        var buffer = new byte[BufferSize];
        var filled = 0;
        var lineNumber = 0;
        while (true)
        {
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            var start = 0;
            int newline;
            while ((newline = Array.IndexOf(buffer, (byte)'\n', start, filled - start)) >= 0)
            {
                lineNumber++;
                var line = buffer.AsSpan(start, newline - start).TrimEnd((byte)'\r');
                start = newline + 1;
                if (line.IsEmpty)
                {
                    continue;
                }

                if (JsonLinesRecordCodec.TryParse(line, out var record, out var error))
                {
                    yield return record!;
                }
                else
                {
                    report(new StoreProblem(StoreProblemKind.BadLine, path, $"line {lineNumber} does not parse and is skipped: {error}"));
                }
            }

            Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
            filled -= start;
            if (read == 0)
            {
                break;
            }

            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }

        if (filled > 0)
        {
            report(new StoreProblem(tornTailKind, path, $"line {lineNumber + 1} is incomplete ({filled} bytes without a line end) and is dropped"));
        }
    }
}
