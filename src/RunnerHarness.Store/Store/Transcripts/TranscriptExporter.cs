using System.Buffers;

namespace RunnerHarness.Store.Transcripts;

/// <summary>
/// Writes the transcripts of chosen records as one JSON Lines file with the columns of <see cref="TranscriptColumns"/>
/// (what <c>export --transcripts</c> writes and <c>import --transcripts</c> reads), streaming one store file at a time;
/// each record's transcript once, from the first file holding it, as <see cref="TranscriptReader"/> takes it.
/// </summary>
internal static class TranscriptExporter
{
    /// <summary>Writes the transcripts of the records <paramref name="wanted"/> accepts to <paramref name="destination"/>; damaged files go to <paramref name="report"/>.</summary>
    /// <returns>The messages written.</returns>
    public static long WriteJsonLines(StoreLayout layout, Func<string, bool> wanted, Stream destination, Action<StoreProblem> report)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(report);
        var done = new HashSet<string>(RecordIdComparer.Instance);
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        long written = 0;
        void Take(List<TranscriptRow> rows)
        {
            var fresh = rows.Where(r => wanted(r.RecordId) && !done.Contains(r.RecordId)).ToList();
            foreach (var row in fresh)
            {
                TranscriptJsonLines.WriteLine(row, buffer);
                written++;
                if (buffer.WrittenCount >= 1 << 20)
                {
                    destination.Write(buffer.WrittenSpan);
                    buffer.ResetWrittenCount();
                }
            }

            done.UnionWith(fresh.Select(r => r.RecordId));
        }

        var listing = TranscriptFiles.List(layout);
        listing.Links.ToList().ForEach(report);
        foreach (var file in listing.Files.Where(f => TranscriptFiles.FormatOf(f) is not null))
        {
            try
            {
                Take(TranscriptFiles.ReadSealed(file, report));
            }
            catch (CorruptSegmentException ex)
            {
                report(new StoreProblem(StoreProblemKind.CorruptFile, layout.Relative(file), $"{ex.Message}; none of its transcripts was exported"));
            }
            catch (FileNotFoundException)
            {
                // Merged by a compaction since the listing; its rows are in the merged file.
            }
        }

        foreach (var log in TranscriptFiles.Logs(layout))
        {
            try
            {
                Take(TranscriptFiles.ReadLog(log, report));
            }
            catch (FileNotFoundException)
            {
                // Sealed since the listing.
            }
        }

        destination.Write(buffer.WrittenSpan);
        return written;
    }
}
