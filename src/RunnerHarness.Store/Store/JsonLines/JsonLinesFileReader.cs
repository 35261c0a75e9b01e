using System.Buffers;
using System.Security.Cryptography;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.JsonLines;

/// <summary>
/// Reads a JSON Lines file line by line with bounded memory. A line that does not parse is reported
/// and skipped; a line longer than <see cref="MaxLineBytes"/> (a crash's tail of NUL bytes, say) is
/// reported and skipped without being held, and reading resumes after its '\n'; a last line without
/// its '\n' is a torn write, reported as such.
/// </summary>
internal static class JsonLinesFileReader
{
    /// <summary>The longest line read: 64 MiB, far above any record (a model output of a few MB) and far below what breaks a buffer.</summary>
    public const int MaxLineBytes = 64 << 20;

    private const int BufferSize = 1 << 16;

    /// <summary>Reads the file at <paramref name="path"/>; it is opened on the first MoveNext, so a vanished file surfaces there.</summary>
    /// <param name="path">The file.</param>
    /// <param name="report">Receives each bad line and a torn tail.</param>
    /// <param name="tornTailKind">How a last line without its '\n' is reported.</param>
    /// <param name="checkColumns">Whether each line must name exactly the columns a writer writes: sealed files without a checksum. Logs are not checked: they hold what a writer serialised moments ago, and sealing turns them into checksummed files.</param>
    public static IEnumerable<ResultRecord> Read(string path, Action<StoreProblem> report, StoreProblemKind tornTailKind, bool checkColumns)
    {
        foreach (var record in Read(OpenShared(path), report, tornTailKind, checkColumns))
        {
            yield return record;
        }
    }

    /// <summary>Opens a file for reading while writers append to it or rename or delete it.</summary>
    public static FileStream OpenShared(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferSize, FileOptions.SequentialScan);

    /// <summary>Reads an already opened file and disposes it; the file may have been renamed or deleted since it was opened.</summary>
    /// <param name="stream">The open file.</param>
    /// <param name="report">Receives each bad line and a torn tail.</param>
    /// <param name="tornTailKind">How a last line without its '\n' is reported.</param>
    /// <param name="checkColumns">Whether each line must name exactly the columns a writer writes.</param>
    /// <param name="maxLineBytes">The longest line read.</param>
    /// <param name="projected">Parses each line into a projection's columns only; <see langword="null"/> parses every column.</param>
    public static IEnumerable<ResultRecord> Read(
        FileStream stream, Action<StoreProblem> report, StoreProblemKind tornTailKind, bool checkColumns, int maxLineBytes = MaxLineBytes, JsonLinesProjectedParser? projected = null) =>
        Read(stream, stream.Name, report, tornTailKind, checkColumns, maxLineBytes, projected);

    /// <summary>
    /// <see cref="Read(FileStream, Action{StoreProblem}, StoreProblemKind, bool, int, JsonLinesProjectedParser)"/> of any
    /// stream of a file's bytes (a view of a handle kept elsewhere), the file named <paramref name="path"/> in problems.
    /// </summary>
    public static IEnumerable<ResultRecord> Read(
        Stream stream, string path, Action<StoreProblem> report, StoreProblemKind tornTailKind, bool checkColumns, int maxLineBytes = MaxLineBytes, JsonLinesProjectedParser? projected = null)
    {
        foreach (var line in Lines(stream, path, report, tornTailKind, maxLineBytes))
        {
            var record = Parse(line.Span, line.Number, path, checkColumns, projected, out var problem);
            if (problem is not null)
            {
                report(problem);
            }
            else
            {
                yield return record!;
            }
        }
    }

    /// <summary>
    /// Parses line <paramref name="lineNumber"/> (without its '\n') of the file at <paramref name="path"/>: the record, or
    /// <see langword="null"/> and the bad line's <paramref name="problem"/>.
    /// </summary>
    /// <param name="line">The line's bytes.</param>
    /// <param name="lineNumber">The line's number in its file, from 1.</param>
    /// <param name="path">The file, as problems name it.</param>
    /// <param name="checkColumns">Whether the line must name exactly the columns a writer writes.</param>
    /// <param name="projected">Parses the line into a projection's columns only; <see langword="null"/> parses every column.</param>
    /// <param name="problem">Why the line is skipped, or <see langword="null"/>.</param>
    public static ResultRecord? Parse(ReadOnlySpan<byte> line, int lineNumber, string path, bool checkColumns, JsonLinesProjectedParser? projected, out StoreProblem? problem)
    {
        ResultRecord? record;
        string? error;
        if (!(projected is null ? JsonLinesRecordCodec.TryParse(line, out record, out error) : projected.TryParse(line, out record, out error)))
        {
            problem = new StoreProblem(StoreProblemKind.BadLine, path, $"line {lineNumber} does not parse and is skipped: {error}");
            return null;
        }

        if (checkColumns && JsonLinesColumnCheck.Damage(line) is { } damage)
        {
            problem = new StoreProblem(StoreProblemKind.BadLine, path, $"line {lineNumber} is damaged and is skipped: {damage}");
            return null;
        }

        problem = null;
        return record;
    }

    /// <summary>
    /// Passes every complete, non-empty line of the file at <paramref name="path"/> to <paramref name="inspect"/> without
    /// parsing it into a record; over-long lines and a torn tail go to <paramref name="report"/> as <see cref="Read(FileStream, Action{StoreProblem}, StoreProblemKind, bool, int, JsonLinesProjectedParser)"/> reports them.
    /// </summary>
    public static void Scan(string path, LineInspector inspect, Action<StoreProblem> report, StoreProblemKind tornTailKind)
    {
        var file = OpenShared(path);
        foreach (var line in Lines(file, file.Name, report, tornTailKind, MaxLineBytes))
        {
            inspect(line.Span, line.Number);
        }
    }

    /// <summary>
    /// Passes every complete, non-empty line of <paramref name="file"/>, read from where it stands to its end, to
    /// <paramref name="inspect"/>, and feeds every byte read (torn tail and over-long lines included) to
    /// <paramref name="hash"/>, when given, so the file is hashed by the same read; bad lines are not reported. The file is left open.
    /// </summary>
    public static void Scan(FileStream file, LineInspector inspect, IncrementalHash? hash)
    {
        foreach (var line in Lines(file, file.Name, static _ => { }, StoreProblemKind.BadLine, MaxLineBytes, hash, leaveOpen: true))
        {
            inspect(line.Span, line.Number);
        }
    }

    /// <summary>Looks at one line (without its '\n') of a JSON Lines file.</summary>
    public delegate void LineInspector(ReadOnlySpan<byte> line, int lineNumber);

    /// <summary>
    /// The complete, non-empty lines of <paramref name="stream"/> (the file <paramref name="path"/>), each valid until the
    /// next is asked for; every byte read goes to <paramref name="hash"/> when given; disposes the stream unless <paramref name="leaveOpen"/>.
    /// </summary>
    /// <remarks>
    /// The buffer comes from the shared array pool and goes back to it, so reads one after another (a conflict plan's
    /// pass, then the read itself) reuse one buffer instead of each growing its own up to the cap.
    /// </remarks>
    private static IEnumerable<LineSlice> Lines(
        Stream stream, string path, Action<StoreProblem> report, StoreProblemKind tornTailKind, int maxLineBytes, IncrementalHash? hash = null, bool leaveOpen = false)
    {
        using var owned = leaveOpen ? null : stream;
        var capacity = Math.Min(BufferSize, maxLineBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(capacity);
        try
        {
            var slice = new LineSlice();
            var filled = 0;
            var lineNumber = 0;

            // While skipping an over-long line: how many of its bytes were dropped so far.
            long skipped = -1;
            while (true)
            {
                var read = stream.Read(buffer, filled, capacity - filled);
                hash?.AppendData(buffer, filled, read);
                filled += read;
                var start = 0;
                int newline;
                while ((newline = Array.IndexOf(buffer, (byte)'\n', start, filled - start)) >= 0)
                {
                    lineNumber++;
                    var length = buffer.AsSpan(start, newline - start).TrimEnd((byte)'\r').Length;
                    var lineStart = start;
                    start = newline + 1;
                    if (skipped >= 0)
                    {
                        report(new StoreProblem(StoreProblemKind.BadLine, path, $"line {lineNumber} is longer than {maxLineBytes} bytes ({skipped + length} bytes) and is skipped"));
                        skipped = -1;
                        continue;
                    }

                    if (length == 0)
                    {
                        continue;
                    }

                    slice.Set(buffer, lineStart, length, lineNumber);
                    yield return slice;
                }

                if (skipped >= 0)
                {
                    skipped += filled - start;
                    start = filled;
                }

                Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
                filled -= start;
                if (read == 0)
                {
                    break;
                }

                if (filled == capacity)
                {
                    if (capacity >= maxLineBytes)
                    {
                        // Never hold more than the cap: drop this line's bytes until its '\n'.
                        skipped = filled;
                        filled = 0;
                    }
                    else
                    {
                        capacity = (int)Math.Min((long)capacity * 2, maxLineBytes);
                        var larger = ArrayPool<byte>.Shared.Rent(capacity);
                        Buffer.BlockCopy(buffer, 0, larger, 0, filled);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }
            }

            if (skipped >= 0)
            {
                report(new StoreProblem(tornTailKind, path, $"line {lineNumber + 1} is longer than {maxLineBytes} bytes ({skipped} bytes) and has no line end; it is dropped"));
            }
            else if (filled > 0)
            {
                report(new StoreProblem(tornTailKind, path, $"line {lineNumber + 1} is incomplete ({filled} bytes without a line end) and is dropped"));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>One line in the read buffer; reused for every line, so it is valid only until the next line is read.</summary>
    private sealed class LineSlice
    {
        private byte[] _buffer = [];
        private int _start;
        private int _length;

        public int Number { get; private set; }

        public ReadOnlySpan<byte> Span => _buffer.AsSpan(_start, _length);

        public void Set(byte[] buffer, int start, int length, int number)
        {
            _buffer = buffer;
            _start = start;
            _length = length;
            Number = number;
        }
    }
}
