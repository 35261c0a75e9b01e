using System.Buffers;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;

namespace RunnerHarness.Interop;

/// <summary>
/// The records of a JSON Lines import's input, in its order, with their line numbers: the lines are read here and parsed on
/// the pool a batch at a time (a few batches at once, so both cores parse), each with its names checked against the schema
/// and its content digest for the conflict check taken there too. What depends on the lines before it is done here, in the
/// input's order, so the outcome is a one-line-after-another read's: the unknown names and bad lines are noted in line
/// order, a line without <c>record_id</c> gets its id by its occurrence, and a failure (a line too long, say) surfaces
/// after every line before it was taken. Not thread-safe: one enumeration at a time.
/// </summary>
internal sealed class ImportRecords
{
    // Lines a batch holds at most, and bytes: a batch is a unit of work on the pool, large enough that handing it over
    // costs nothing beside its parse, small enough that the batches in flight hold a few MB.
    private const int BatchLines = 512;
    private const int BatchBytes = 1 << 20;

    // Batches parsed ahead of the one taken: two cores, and one more so that neither waits while a batch is handed over.
    private const int BatchesAhead = 3;

    private readonly ImportColumnCheck? _columns;
    private readonly Func<ResultRecord, ResultRecord>? _rewrite;

    /// <summary>Records read with their names checked into <paramref name="columns"/> (when given), each also passed through <paramref name="rewrite"/> (when given) on the pool.</summary>
    /// <param name="columns">Notes the names that are not columns, as <see cref="ImportColumnCheck.Check"/> line by line would.</param>
    /// <param name="rewrite">Turns each record into the one imported (a run id replaced).</param>
    public ImportRecords(ImportColumnCheck? columns, Func<ResultRecord, ResultRecord>? rewrite = null)
    {
        _columns = columns;
        _rewrite = rewrite;
    }

    /// <summary>
    /// The records of <paramref name="input"/> (the file <paramref name="path"/>) read from where it stands, each as parsed,
    /// as imported (rewritten, or the same), with its line number and the digest of its content
    /// (<see cref="RecordContent.Digest"/>); bad lines go to <paramref name="reported"/> (when given) and are skipped.
    /// </summary>
    /// <exception cref="FormatException">A line is longer than the readers' cap (<see cref="ImportLineReader"/>), after every record before it.</exception>
    /// <exception cref="IOException">The input cannot be read further, after every record before the failure.</exception>
    public IEnumerable<(ResultRecord Record, ResultRecord Imported, int Line, UInt128 Digest)> Read(Stream input, string path, List<StoreProblem>? reported)
    {
        ArgumentNullException.ThrowIfNull(input);

        // Identical lines without an id are told apart by their occurrence, so both are kept, and both again on re-import.
        // Counted by the first occurrence's id, not the line itself, so memory does not grow with line length.
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        var scratch = new ArrayBufferWriter<byte>(4096);
        var inFlight = new Queue<Task<Batch>>();

        // A batch taken is filled again: its 1 MB buffer would otherwise be a fresh large-object allocation every 512 lines.
        var spare = new Stack<Batch>();
        using var lines = ImportLineReader.Read(input, path).GetEnumerator();
        ExceptionDispatchInfo? readFailure = null;
        try
        {
            while (true)
            {
                while (readFailure is null && inFlight.Count < BatchesAhead && Fill(lines, spare.TryPop(out var reused) ? reused : new Batch(), out readFailure) is { } batch)
                {
                    inFlight.Enqueue(Task.Run(() => Parse(batch)));
                }

                if (inFlight.Count == 0)
                {
                    break;
                }

                var parsed = inFlight.Dequeue().GetAwaiter().GetResult();
                for (var i = 0; i < parsed.Count; i++)
                {
                    var line = parsed.Lines[i];
                    line.Failure?.Throw();
                    if (line.UnknownNames is { } names)
                    {
                        _columns!.Note(names, line.Number);
                    }

                    if (line.Record is not { } record)
                    {
                        reported?.Add(new StoreProblem(StoreProblemKind.BadLine, path, $"line {line.Number} is not a record and is skipped: {line.Error}"));
                        continue;
                    }

                    if (record.FormatVersion > ResultRecord.CurrentFormatVersion)
                    {
                        _columns?.NoteNewerFormat(record.FormatVersion, line.Number);
                    }

                    if (line.Text is { } text)
                    {
                        // A line without an id: its id is its content's and its occurrence's, so it is taken here, in order.
                        var first = DeterministicRecordId.From("jsonl-import", text, "1");
                        var occurrence = occurrences[first] = occurrences.GetValueOrDefault(first) + 1;
                        record = new ResultRecordBuilder(record)
                        {
                            RecordId = occurrence == 1 ? first : DeterministicRecordId.From("jsonl-import", text, occurrence.ToString(CultureInfo.InvariantCulture)),
                        }.Build();
                        var digest = RecordContent.Digest(record, scratch);
                        yield return (record, _rewrite is null ? record : _rewrite(record), line.Number, digest);
                    }
                    else
                    {
                        yield return (record, line.Imported!, line.Number, line.Digest);
                    }
                }

                parsed.Clear();
                spare.Push(parsed);
            }

            // Every line before the one that could not be read was taken.
            readFailure?.Throw();
        }
        finally
        {
            // Stopped early (the writer failed): the batches still parsing end on their own; they are waited for so that none
            // outlives the read, and their outcome is dropped.
            foreach (var pending in inFlight)
            {
                Task.WhenAny(pending).GetAwaiter().GetResult();
                _ = pending.Exception;
            }
        }
    }

    // The next lines of the input into batch (empty), or null at its end; a failure to read the next line ends the batch before it.
    private static Batch? Fill(IEnumerator<(ReadOnlyMemory<byte> Line, int Number)> lines, Batch batch, out ExceptionDispatchInfo? failure)
    {
        failure = null;
        try
        {
            while (batch.Count < BatchLines && batch.ByteCount < BatchBytes && lines.MoveNext())
            {
                var (bytes, number) = lines.Current;
                var span = bytes.Span;
                if (number == 1 && span.StartsWith("\uFEFF"u8))
                {
                    span = span[3..];
                }

                if (span.IsEmpty || span.IndexOfAnyExcept(" \t"u8) < 0)
                {
                    continue;
                }

                batch.Add(span, number);
            }
        }
        catch (Exception ex) when (ex is FormatException or IOException)
        {
            // Thrown once every line before it was taken, as a read line by line throws it.
            failure = ExceptionDispatchInfo.Capture(ex);
        }

        return batch.Count > 0 ? batch : null;
    }

    private Batch Parse(Batch batch)
    {
        var scratch = new ArrayBufferWriter<byte>(4096);
        var parser = new JsonLinesProjectedParser(RecordProjection.All);
        List<string>? names = null;
        for (var i = 0; i < batch.Count; i++)
        {
            ref var line = ref batch.Lines[i];
            var span = batch.Span(i);
            try
            {
                // A line in the writers' shape, with an id, is read in one pass of its tokens that also sees whether it names
                // anything outside the schema; any other line is checked and parsed as the serializer parses it, which says
                // what is wrong with it in the serializer's words.
                var fast = TryParseFast(parser, span, out var record);
                string? error = null;
                if (_columns is not null && (!fast || parser.MetNameOutsideSchema))
                {
                    names ??= [];
                    ImportColumnCheck.UnknownNames(span, names);
                    if (names.Count > 0)
                    {
                        line.UnknownNames = [.. names];
                        names.Clear();
                    }
                }

                if (!fast && !JsonLinesRecordCodec.TryParse(span, out record, out error, requireRecordId: false))
                {
                    line.Error = error;
                }
                else if ((record = ImportedFormatVersion.Resolve(record!, out error)) is null)
                {
                    line.Error = error;
                }
                else if (string.IsNullOrEmpty(record.RecordId))
                {
                    line.Record = record;
                    line.Text = Encoding.UTF8.GetString(span);
                }
                else
                {
                    line.Digest = RecordContent.Digest(record, scratch);
                    line.Record = record;
                    line.Imported = _rewrite is null ? record : _rewrite(record);
                }
            }
            catch (Exception ex)
            {
                // Rethrown where a read line by line would have thrown it: when this line is taken.
                line.Failure = ExceptionDispatchInfo.Capture(ex);
            }
        }

        return batch;
    }

    // Whatever the one-pass read makes of a line it does not take (a value it cannot convert, say), the serializer's parse decides.
    private static bool TryParseFast(JsonLinesProjectedParser parser, ReadOnlySpan<byte> line, out ResultRecord? record)
    {
        try
        {
            return parser.TryParse(line, out record, out _);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            record = null;
            return false;
        }
    }

    /// <summary>Lines of the input, their bytes copied into one buffer, and what their parse found.</summary>
    private sealed class Batch
    {
        private readonly ArrayBufferWriter<byte> _bytes = new(BatchBytes);
        private readonly List<int> _ends = new(BatchLines);

        public ParsedLine[] Lines { get; } = new ParsedLine[BatchLines];

        public int Count { get; private set; }

        public int ByteCount => _bytes.WrittenCount;

        public void Add(ReadOnlySpan<byte> line, int number)
        {
            _bytes.Write(line);
            _ends.Add(_bytes.WrittenCount);
            Lines[Count++] = new ParsedLine { Number = number };
        }

        /// <summary>Empties the batch for the next lines, letting go of the records it held.</summary>
        public void Clear()
        {
            _bytes.ResetWrittenCount();
            _ends.Clear();
            Array.Clear(Lines, 0, Count);
            Count = 0;
        }

        public ReadOnlySpan<byte> Span(int index)
        {
            var start = index == 0 ? 0 : _ends[index - 1];
            return _bytes.WrittenSpan[start.._ends[index]];
        }
    }

    /// <summary>One line's number and what its parse found: a record (with its digest and as imported, or with its text when it has no id), an error, or a failure to rethrow.</summary>
    private struct ParsedLine
    {
        public int Number;
        public ResultRecord? Record;
        public ResultRecord? Imported;
        public UInt128 Digest;
        public string? Text;
        public string? Error;
        public string[]? UnknownNames;
        public ExceptionDispatchInfo? Failure;
    }
}
