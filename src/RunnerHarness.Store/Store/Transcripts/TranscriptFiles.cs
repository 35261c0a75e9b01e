using System.Globalization;

namespace RunnerHarness.Store.Transcripts;

/// <summary>
/// Transcript files in a store: sealed under <c>transcripts/</c> exactly as record files are under <c>data/</c> (written
/// under <c>tmp/</c>, fsynced, named by their checksum, renamed into place), and, while a writer runs, logged under its
/// <c>wal/&lt;writer&gt;/transcripts/</c> folder. A sealed transcript file takes the stem of the record file sealed from
/// the same log segment, so the two are found side by side; readers key rows by <c>record_id</c> alone.
/// </summary>
internal static class TranscriptFiles
{
    /// <summary>The folder of a writer's transcript logs, inside its <c>wal/</c> folder.</summary>
    public const string LogFolderName = "transcripts";

    /// <summary>The transcript log folder of the writer folder <paramref name="writerFolder"/>.</summary>
    public static string LogFolder(string writerFolder) => Path.Combine(writerFolder, LogFolderName);

    /// <summary>Every sealed transcript file (sorted by path), and the links met (reported, never followed).</summary>
    public static StoreListing List(StoreLayout layout) => layout.List(layout.TranscriptDirectory);

    /// <summary>The transcript logs of every writer folder under <c>wal/</c>, live or dead, oldest first per writer.</summary>
    public static IReadOnlyList<string> Logs(StoreLayout layout)
    {
        var logs = new List<string>();
        foreach (var folder in LogRecovery.LogFolders(layout, static _ => { }))
        {
            logs.AddRange(LogsOf(folder));
        }

        return logs;
    }

    /// <summary>The transcript logs of one writer folder; a linked file is not a log.</summary>
    public static IReadOnlyList<string> LogsOf(string writerFolder)
    {
        var folder = new DirectoryInfo(LogFolder(writerFolder));
        try
        {
            return !folder.Exists || StoreLinks.IsLink(folder) ? [] :
                [.. folder.EnumerateFiles("*" + StoreLayout.JsonLinesExtension).Where(f => !StoreLinks.IsLink(f)).Select(f => f.FullName).Order(StringComparer.Ordinal)];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    /// <summary>The format of a sealed transcript file, by its extension, or <see langword="null"/> for any other file.</summary>
    public static StorageFormat? FormatOf(string path) =>
        path.EndsWith(StoreLayout.ParquetExtension, StringComparison.Ordinal) ? StorageFormat.Parquet
        : path.EndsWith(StoreLayout.JsonLinesExtension, StringComparison.Ordinal) ? StorageFormat.Json
        : null;

    /// <summary>
    /// The rows of the sealed transcript file at <paramref name="path"/>, after its bytes were proven against the checksum
    /// in its name; bad lines of a JSON Lines file go to <paramref name="report"/>.
    /// </summary>
    /// <exception cref="CorruptSegmentException">The bytes do not match the checksum, the name carries none, or the file cannot be decoded.</exception>
    public static List<TranscriptRow> ReadSealed(string path, Action<StoreProblem> report)
    {
        if (!SegmentChecksum.Verify(path))
        {
            throw new CorruptSegmentException($"{path} carries no checksum in its name; every transcript file is sealed with one, so this one was not written by the store");
        }

        return FormatOf(path) switch
        {
            StorageFormat.Parquet => TranscriptParquet.Read(path),
            StorageFormat.Json => TranscriptJsonLines.Read(path, report, StoreProblemKind.BadLine),
            _ => throw new CorruptSegmentException($"{path} is neither a .jsonl nor a .parquet transcript file"),
        };
    }

    /// <summary>The rows of a transcript log (a live or dead writer's); a torn last line is reported and dropped.</summary>
    public static List<TranscriptRow> ReadLog(string path, Action<StoreProblem> report) =>
        TranscriptJsonLines.Read(path, report, StoreProblemKind.TornLogTail);

    /// <summary>Seals <paramref name="rows"/> as one file named <paramref name="stem"/> plus its checksum into <paramref name="directory"/>.</summary>
    /// <returns>The sealed file's path.</returns>
    public static string Seal(StoreLayout layout, string directory, string stem, StorageFormat format, IReadOnlyCollection<TranscriptRow> rows) =>
        SegmentSealer.WriteThenRename(layout, directory, stem, ExtensionOf(format), stream =>
        {
            if (format == StorageFormat.Parquet)
            {
                TranscriptParquet.Write(rows, stream);
            }
            else
            {
                TranscriptJsonLines.Write(rows, stream);
            }
        });

    /// <summary>
    /// Seals the transcript log at <paramref name="log"/> into <c>transcripts/runs/&lt;run&gt;/</c> in <paramref name="format"/>,
    /// in parts of at most <see cref="MaxRowsPerFile"/> messages and <see cref="MaxBytesPerFile"/> bytes (so sealing holds
    /// one part in memory, however large the segment), each named after the log and its part number so that sealing the
    /// same log again (a crash in between) skips the parts already sealed; then deletes the log. A torn last line (a
    /// killed writer) is reported and dropped; a log with any other unreadable line is kept in place and reported.
    /// </summary>
    /// <returns>Whether the log was sealed and removed.</returns>
    public static bool SealLog(StoreLayout layout, string log, string runId, StorageFormat format, Action<StoreProblem> report)
    {
        var stem = Path.GetFileNameWithoutExtension(log);
        var directory = layout.TranscriptRunDirectory(runId);
        var batch = new List<TranscriptRow>();
        long bytes = 0;
        var part = 0;
        var unread = 0;
        void SealPart()
        {
            var partStem = string.Create(CultureInfo.InvariantCulture, $"{stem}-t{part:D4}");
            if (batch.Count > 0 && !IsSealed(directory, partStem))
            {
                Seal(layout, directory, partStem, format, batch);
            }

            part++;
            batch.Clear();
            bytes = 0;
        }

        TranscriptJsonLines.Scan(log, (row, lineBytes) =>
        {
            batch.Add(row);
            bytes += lineBytes;
            if (batch.Count >= MaxRowsPerFile || bytes >= MaxBytesPerFile)
            {
                SealPart();
            }
        }, problem =>
        {
            unread += problem.Kind == StoreProblemKind.TornLogTail ? 0 : 1;
            report(problem);
        }, StoreProblemKind.TornLogTail);
        if (batch.Count > 0)
        {
            SealPart();
        }

        if (unread > 0)
        {
            report(new StoreProblem(StoreProblemKind.OrphanedLog, log,
                $"a transcript log kept in place, not wholly sealed: {unread} of its lines could not be read, and deleting it would lose them"));
            return false;
        }

        StoreLinks.DeleteOwnFile(layout, log);
        return true;
    }

    /// <summary>The most messages a sealed or merged transcript file holds.</summary>
    public const int MaxRowsPerFile = 100_000;

    /// <summary>The most bytes of JSON lines a sealed or merged transcript file is made from (what sealing or merging holds in memory).</summary>
    public const long MaxBytesPerFile = 64L << 20;

    /// <summary>Removes the writer folder's transcript log folder when it is empty (never recursively).</summary>
    public static void RemoveEmptyLogFolder(string writerFolder)
    {
        try
        {
            if (Directory.Exists(LogFolder(writerFolder)))
            {
                Directory.Delete(LogFolder(writerFolder), recursive: false);
            }
        }
        catch (IOException)
        {
            // A log left in place (reported), or a new writer of the same run already logs there.
        }
    }

    /// <summary>The extension of transcript files sealed in <paramref name="format"/>.</summary>
    public static string ExtensionOf(StorageFormat format) => format == StorageFormat.Parquet ? StoreLayout.ParquetExtension : StoreLayout.JsonLinesExtension;

    private static bool IsSealed(string directory, string stem) =>
        Directory.Exists(directory) && Directory.EnumerateFiles(directory, stem + "*").Any(f =>
            SegmentChecksum.IsNameOf(Path.GetFileName(f), stem, StoreLayout.JsonLinesExtension)
            || SegmentChecksum.IsNameOf(Path.GetFileName(f), stem, StoreLayout.ParquetExtension));
}
