using System.Buffers;
using System.Globalization;
using System.Text;
using RunnerHarness.Aggregation;
using RunnerHarness.Interop;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Transcripts;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Tests.Interop;

/// <summary>
/// The reference <see cref="JsonLinesImporter"/> is proven equal to: the import as it was before it parsed on the pool, each
/// line read after the other and parsed by the serializer, the input read three times (checked whole, its ids read again for
/// the transcripts, then written), skipping the records the store holds already with the same content and lines repeating an
/// earlier line's id, found from the stored records themselves. The importer's two paths must store the same bytes (records and transcripts), report the
/// same problems and refuse with the same messages. Kept here, apart from the importer, so that it stays independent of it.
/// </summary>
internal static class LineByLineJsonLinesImport
{
    /// <summary>Imports <paramref name="path"/> into <paramref name="layout"/> as <see cref="JsonLinesImporter.Import(string, string, StorageFormat, bool, string?)"/> does.</summary>
    public static ImportResult Import(StoreLayout layout, string path, string runId, StorageFormat format, bool replaceRunIds, string? transcriptsPath)
    {
        var problems = new List<StoreProblem>();
        var conflicts = new ImportConflictCheck();
        var columns = new ImportColumnCheck();
        foreach (var (record, lineNumber) in Records(path, problems, columns))
        {
            conflicts.AddIncoming(record, $"line {lineNumber}");
        }

        columns.ThrowIfAny(path);
        var transcripts = transcriptsPath is null ? null : Transcripts(transcriptsPath, path);
        conflicts.CheckAgainst(layout, path);

        // The same record is skipped: an id the store holds with the same content (apart from where it was written), or an
        // id an earlier line of the input gave. Found here from the stored records themselves, apart from the check's notes.
        var stored = StoredDigests(layout);
        var written = new HashSet<string>(RecordIdComparer.Instance);
        var (alreadyStored, repeated, carried) = (0L, 0L, 0L);
        var toWrite = new List<ResultRecord>();
        var scratch = new ArrayBufferWriter<byte>();
        foreach (var (record, _) in Records(path, reported: null, columns: null))
        {
            if (!written.Add(record.RecordId))
            {
                repeated++;
            }
            else if (stored.TryGetValue(record.RecordId, out var digest) && digest == RecordContent.Digest(record, scratch))
            {
                alreadyStored++;
            }
            else
            {
                carried += record.RunId is { Length: > 0 } ? 1 : 0;
                toWrite.Add(record);
            }
        }

        var summary = new BulkRecordWriter(layout, SampleHoldings.Rule, format, new WriterIdentity(runId, "import")).Write(
            toWrite.Select(record => (
                replaceRunIds && record.RunId != runId ? new ResultRecordBuilder(record) { RunId = runId }.Build() : record,
                transcripts?.GetValueOrDefault(record.RecordId))));
        return new ImportResult(summary.RecordCount, summary.SealedFiles, problems)
        {
            RunIdsReplaced = replaceRunIds ? carried : 0,
            RunIdsKept = replaceRunIds ? 0 : carried,
            AlreadyStored = alreadyStored,
            RepeatedInInput = repeated,
        };
    }

    // The content digest of every stored record, by id as readers compare ids.
    private static Dictionary<string, UInt128> StoredDigests(StoreLayout layout)
    {
        var digests = new Dictionary<string, UInt128>(RecordIdComparer.Instance);
        if (Directory.Exists(layout.Root))
        {
            var line = new ArrayBufferWriter<byte>();
            foreach (var record in new StoreReader(layout).Read())
            {
                digests[record.RecordId] = RecordContent.Digest(record, line);
            }
        }

        return digests;
    }

    private static Dictionary<string, IReadOnlyList<TranscriptMessage>> Transcripts(string transcriptsPath, string path)
    {
        if (!File.Exists(transcriptsPath))
        {
            throw new FileNotFoundException($"The transcripts file {transcriptsPath} does not exist.", transcriptsPath);
        }

        var bad = new List<StoreProblem>();
        var rows = TranscriptJsonLines.Read(transcriptsPath, bad.Add, StoreProblemKind.BadLine);
        if (bad.Count > 0)
        {
            throw new FormatException($"{transcriptsPath}: {bad.Count} line(s) are not transcript rows ({bad[0].Message}); nothing was imported.");
        }

        var ids = new HashSet<string>(Records(path, reported: null, columns: null).Select(r => r.Record.RecordId), RecordIdComparer.Instance);
        var orphans = rows.Select(r => r.RecordId).Where(id => !ids.Contains(id)).Distinct(RecordIdComparer.Instance).ToList();
        if (orphans.Count > 0)
        {
            throw new FormatException(
                $"{transcriptsPath}: the transcripts of {orphans.Count} record id(s) belong to no record of {path} (e.g. {string.Join(", ", orphans.Take(5))}); " +
                "export records and transcripts together (export --transcripts). Nothing was imported.");
        }

        return rows.GroupBy(r => r.RecordId, RecordIdComparer.Instance)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<TranscriptMessage>)[.. g.OrderBy(r => r.Sequence).Select(r => r.Message)], RecordIdComparer.Instance);
    }

    // The records of the input with their line numbers; bad lines go to reported (when given) and are skipped.
    private static IEnumerable<(ResultRecord Record, int Line)> Records(string path, List<StoreProblem>? reported, ImportColumnCheck? columns)
    {
        using var input = File.OpenRead(path);

        // Identical lines without an id are told apart by their occurrence, so both are kept, and both again on re-import.
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (bytes, lineNumber) in ImportLineReader.Read(input, path))
        {
            var span = bytes.Span;
            if (lineNumber == 1 && span.StartsWith("\uFEFF"u8))
            {
                span = span[3..];
            }

            if (span.IsEmpty || span.IndexOfAnyExcept(" \t"u8) < 0)
            {
                continue;
            }

            columns?.Check(span, lineNumber);
            if (JsonLinesRecordCodec.TryParse(span, out var parsed, out var error, requireRecordId: false)
                && ImportedFormatVersion.Resolve(parsed!, out error) is { } record)
            {
                if (record.FormatVersion > ResultRecord.CurrentFormatVersion)
                {
                    columns?.NoteNewerFormat(record.FormatVersion, lineNumber);
                }

                if (string.IsNullOrEmpty(record.RecordId))
                {
                    var line = Encoding.UTF8.GetString(span);
                    var first = DeterministicRecordId.From("jsonl-import", line, "1");
                    var occurrence = occurrences[first] = occurrences.GetValueOrDefault(first) + 1;
                    record = new ResultRecordBuilder(record)
                    {
                        RecordId = occurrence == 1 ? first : DeterministicRecordId.From("jsonl-import", line, occurrence.ToString(CultureInfo.InvariantCulture)),
                    }.Build();
                }

                yield return (record, lineNumber);
            }
            else
            {
                reported?.Add(new StoreProblem(StoreProblemKind.BadLine, path, $"line {lineNumber} is not a record and is skipped: {error}"));
            }
        }
    }
}
