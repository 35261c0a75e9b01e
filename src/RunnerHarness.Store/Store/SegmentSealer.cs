using RunnerHarness.Schema;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Parquet;
using RunnerHarness.Store.Summaries;

namespace RunnerHarness.Store;

/// <summary>
/// Puts records into <c>data/</c> the only safe way: write the whole file under <c>tmp/</c>, fsync it,
/// name it by its checksum (<see cref="SegmentChecksum"/>), rename it into place and fsync the
/// directory, so a file under <c>data/</c> is complete from the instant it appears and stays there
/// after a machine crash. Sealed names start with the log segment's name, which makes sealing the
/// same log twice a no-op.
/// </summary>
internal static class SegmentSealer
{
    public static bool IsSealed(StoreLayout layout, string runId, string segmentName)
    {
        var directory = layout.RunDirectory(runId);
        return Directory.Exists(directory) && Directory.EnumerateFiles(directory, segmentName + "*").Any(f =>
            SegmentChecksum.IsNameOf(Path.GetFileName(f), segmentName, StoreLayout.JsonLinesExtension)
            || SegmentChecksum.IsNameOf(Path.GetFileName(f), segmentName, StoreLayout.ParquetExtension));
    }

    /// <summary>
    /// Writes <paramref name="records"/> with <paramref name="writer"/>, renames the file into <c>data/runs/&lt;run&gt;/</c>
    /// and writes its summary, <paramref name="summary"/>. The records are enumerated once and never held together, so a
    /// seal's memory is the writer's (a row group), not the segment's.
    /// </summary>
    /// <exception cref="UnfinishedSealException">The file was renamed into place, then a flush or its summary failed; it stays.</exception>
    public static string Seal(StoreLayout layout, ISegmentWriter writer, IEnumerable<ResultRecord> records, string runId, string segmentName, SegmentSummary summary) =>
        Seal(layout, writer, records, runId, segmentName, () => summary);

    /// <summary>
    /// As <see cref="Seal(StoreLayout, ISegmentWriter, IEnumerable{ResultRecord}, string, string, SegmentSummary)"/>, with the summary
    /// asked of <paramref name="summary"/> once the records are written: a bulk writer builds it while the records stream past.
    /// </summary>
    public static string Seal(StoreLayout layout, ISegmentWriter writer, IEnumerable<ResultRecord> records, string runId, string segmentName, Func<SegmentSummary> summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var staged = Stage(layout, writer, records);
        SegmentSummary built;
        try
        {
            // Asked before the rename: a summary that cannot be made leaves nothing sealed.
            built = summary();
        }
        catch
        {
            File.Delete(staged);
            throw;
        }

        return Publish(layout, staged, layout.RunDirectory(runId), segmentName, writer.Extension, built);
    }

    /// <summary>
    /// Seals the records of a live writer's complete, fsynced log at <paramref name="logPath"/>, streamed from the file a row group
    /// at a time (the writer keeps no copy of them). The log must read back as exactly <paramref name="expectedRecords"/> records
    /// without a problem; otherwise nothing is sealed, an <see cref="IOException"/> says why and the log stays for recovery.
    /// </summary>
    /// <exception cref="IOException">The log could not be read back whole; no file was sealed.</exception>
    public static string SealLog(StoreLayout layout, ISegmentWriter writer, string logPath, long expectedRecords, string runId, string segmentName, SegmentSummary summary) =>
        Seal(layout, writer, WholeLog(logPath, expectedRecords), runId, segmentName, summary);

    /// <summary>
    /// Seals a live writer's segment whose Parquet file was written while it filled (<see cref="StreamedParquetSegment"/>):
    /// finishes the file, renames it into <c>data/runs/&lt;run&gt;/</c> under the name <see cref="SealLog"/> would give the
    /// same records, and writes <paramref name="summary"/>. The segment is abandoned (its file deleted) when this throws.
    /// </summary>
    /// <exception cref="IOException">The file could not be finished or renamed; nothing was sealed, and the log is whole.</exception>
    /// <exception cref="UnfinishedSealException">The file was renamed into place, then a flush or its summary failed; it stays, and so does the log.</exception>
    public static string SealStreamed(StoreLayout layout, StreamedParquetSegment segment, string runId, string segmentName, SegmentSummary summary) =>
        SealStreamedInto(layout, segment, layout.RunDirectory(runId), segmentName, summary);

    /// <summary>
    /// As <see cref="SealStreamed"/>, into <paramref name="directory"/> (a run's folder, or <c>data/compacted/</c>) under
    /// <paramref name="stem"/> plus the file's checksum: how bulk writes seal the files they gathered.
    /// </summary>
    /// <exception cref="IOException">The file could not be finished or renamed; nothing was sealed.</exception>
    public static string SealStreamedInto(StoreLayout layout, StreamedParquetSegment segment, string directory, string stem, SegmentSummary summary)
    {
        string temp;
        try
        {
            temp = segment.Finish();
        }
        finally
        {
            segment.Dispose();
        }

        try
        {
            EnsureDirectory(directory);
            RefuseLinks(layout, directory);
            var sealedFile = RenameIntoPlace(layout, temp, directory, stem, StoreLayout.ParquetExtension);
            WriteSummary(layout, sealedFile, summary);
            return sealedFile;
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="records"/> with <paramref name="writer"/> into a new, fsynced file under <c>tmp/</c> that no reader
    /// reads until <see cref="Publish"/> renames it into place: a bulk write whose files must not show before a check of its whole
    /// input passed stages them so. The file is deleted again when this throws.
    /// </summary>
    /// <returns>The staged file, this process's own (<c>compact</c> removes it once the process is gone).</returns>
    public static string Stage(StoreLayout layout, ISegmentWriter writer, IEnumerable<ResultRecord> records)
    {
        var temp = NewTemporaryFile(layout, writer.Extension);
        try
        {
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            writer.Write(records, stream);
            stream.Flush(flushToDisk: true);
            return temp;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Finishes a gathered Parquet segment into its fsynced file under <c>tmp/</c> without renaming it (<see cref="Publish"/> does).</summary>
    /// <returns>The staged file; the segment is disposed either way.</returns>
    public static string StageStreamed(StreamedParquetSegment segment)
    {
        try
        {
            return segment.Finish();
        }
        finally
        {
            segment.Dispose();
        }
    }

    /// <summary>
    /// Renames a file <see cref="Stage"/> or <see cref="StageStreamed"/> wrote into <paramref name="directory"/> as
    /// <paramref name="stem"/> plus its checksum and writes <paramref name="summary"/>, as a seal does. When this throws, the staged
    /// file is deleted; one already renamed into place stays, named by the exception (<see cref="UnfinishedSealException"/>), for
    /// a holder of <c>compact.lock</c> to remove.
    /// </summary>
    /// <returns>The sealed file's path.</returns>
    public static string Publish(StoreLayout layout, string stagedFile, string directory, string stem, string extension, SegmentSummary summary)
    {
        try
        {
            EnsureDirectory(directory);
            RefuseLinks(layout, directory);
            var sealedFile = RenameIntoPlace(layout, stagedFile, directory, stem, extension);
            WriteSummary(layout, sealedFile, summary);
            return sealedFile;
        }
        finally
        {
            if (File.Exists(stagedFile))
            {
                File.Delete(stagedFile);
            }
        }
    }

    /// <summary>A new path under <c>tmp/</c> for this process to write a file at, once <c>tmp/</c> is proven a folder of the store.</summary>
    /// <exception cref="IOException"><c>tmp/</c>, or a folder above it, is a link.</exception>
    public static string NewTemporaryFile(StoreLayout layout, string extension)
    {
        EnsureDirectory(layout.TempDirectory);
        RefuseLinks(layout, layout.TempDirectory);
        return TemporaryFiles.NewPath(layout, extension);
    }

    private static IEnumerable<ResultRecord> WholeLog(string logPath, long expectedRecords)
    {
        var problems = new List<StoreProblem>();
        long read = 0;
        foreach (var record in JsonLinesFileReader.Read(logPath, problems.Add, StoreProblemKind.TornLogTail, checkColumns: false))
        {
            read++;
            yield return record;
        }

        // Thrown inside the write: the half-written file under tmp/ is deleted, and the log, still whole on disk, is what recovery seals.
        if (problems.Count > 0 || read != expectedRecords)
        {
            throw new IOException(
                $"The write-ahead log {logPath} read back as {read:N0} records where {expectedRecords:N0} were written to it" +
                (problems.Count > 0 ? $" ({problems[0].Message})" : "") +
                "; nothing was sealed from it, and it stays in place for the next writer of the run or 'runner-harness compact' to seal.");
        }
    }

    /// <summary>
    /// Writes a file under <c>tmp/</c> with <paramref name="write"/>, fsyncs it and renames it into
    /// <paramref name="directory"/> as <paramref name="stem"/> plus its checksum and <paramref name="extension"/>.
    /// </summary>
    /// <returns>The sealed file's path.</returns>
    public static string WriteThenRename(StoreLayout layout, string directory, string stem, string extension, Action<Stream> write) =>
        TryWriteThenRename(layout, directory, stem, extension, stream =>
        {
            write(stream);
            return true;
        })!;

    /// <summary>
    /// As <see cref="WriteThenRename"/>, but <paramref name="write"/> decides, once it has written, whether the file is kept:
    /// when it returns <see langword="false"/> the file under <c>tmp/</c> is deleted, nothing appears and <see langword="null"/> is returned.
    /// </summary>
    public static string? TryWriteThenRename(StoreLayout layout, string directory, string stem, string extension, Func<Stream, bool> write)
    {
        var temp = NewTemporaryFile(layout, extension);
        EnsureDirectory(directory);
        RefuseLinks(layout, directory);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                if (!write(stream))
                {
                    return null;
                }

                stream.Flush(flushToDisk: true);
            }

            return RenameIntoPlace(layout, temp, directory, stem, extension);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    // The checksum names the file's final bytes, so a reader proves a sealed file whole by its name. When a flush after the
    // rename fails, the file stays and the exception names it (UnfinishedSealException): a delete here would hold no
    // compact.lock, so a compaction that listed the file meanwhile could merge it while it vanished.
    private static string RenameIntoPlace(StoreLayout layout, string temp, string directory, string stem, string extension)
    {
        var destination = Path.Combine(directory, SegmentChecksum.NameFor(stem, temp, extension));
        File.Move(temp, destination, overwrite: false);
        try
        {
            DirectorySync.Flush(directory);
            DirectorySync.Flush(layout.TempDirectory);
        }
        catch (IOException ex)
        {
            // Not removed here: the file is whole, and a compaction may have listed it since the rename; only a holder of
            // compact.lock may delete it. The caller that owns it removes it (a bulk write's clean-up, under that lock).
            throw UnfinishedSealException.Unflushed(destination, ex);
        }

        return destination;
    }

    /// <summary>
    /// Moves a complete, fsynced JSON Lines log into <c>data/</c> as it is (the log already is a sealed file's content)
    /// and writes <paramref name="summary"/>, the summary of its records.
    /// </summary>
    public static string MoveLog(StoreLayout layout, string logPath, string runId, string segmentName, SegmentSummary summary)
    {
        var directory = layout.RunDirectory(runId);
        EnsureDirectory(directory);
        RefuseLinks(layout, directory);
        var destination = Path.Combine(directory, SegmentChecksum.NameFor(segmentName, logPath, StoreLayout.JsonLinesExtension));
        File.Move(logPath, destination, overwrite: false);

        // As in RenameIntoPlace, a flush that fails from here on leaves the file in data/: it is the log itself, the only
        // copy of its records, complete and fsynced, and under its checksum name it counts once; removing it would lose them.
        DirectorySync.Flush(directory);
        DirectorySync.Flush(Path.GetDirectoryName(logPath)!);
        SegmentSummaryFile.Write(layout, destination, summary);
        return destination;
    }

    /// <summary>
    /// Writes the summary of <paramref name="sealedFile"/>, a file this seal renamed into place a moment ago. When that fails
    /// the file stays, whole, and the exception names it (<see cref="UnfinishedSealException"/>): a compaction may have listed
    /// it since the rename, so only a holder of <c>compact.lock</c> may remove it (a bulk write's clean-up, a compaction's own
    /// outputs); a live writer's log finds it sealed at recovery, and readers read a file without a summary in full.
    /// </summary>
    internal static void WriteSummary(StoreLayout layout, string sealedFile, SegmentSummary summary)
    {
        try
        {
            SegmentSummaryFile.Write(layout, sealedFile, summary);
        }
        catch (Exception ex)
        {
            throw UnfinishedSealException.WithoutSummary(sealedFile, ex);
        }
    }

    /// <summary>Removes a sealed file and its summary and makes the removal durable.</summary>
    /// <exception cref="IOException">The file is not the store's own (a link, or reached through one); nothing was removed.</exception>
    public static void Remove(StoreLayout layout, string path)
    {
        StoreLinks.DeleteOwnFile(layout, path);
        DirectorySync.Flush(Path.GetDirectoryName(path)!);
        SegmentSummaryFile.RemoveFor(layout, path);
    }

    /// <summary>Refuses to write into <paramref name="directory"/> when it, or a folder above it in the store, is a link.</summary>
    private static void RefuseLinks(StoreLayout layout, string directory)
    {
        if (StoreLinks.LinkOnTheWay(layout, directory) is { } link)
        {
            throw new IOException($"{link} is a symbolic link ({new FileInfo(link).LinkTarget}); the store writes only inside itself. Replace the link by a folder of the store.");
        }
    }

    /// <summary>Creates <paramref name="directory"/> if needed, flushing each parent that gained an entry.</summary>
    private static void EnsureDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        var parent = Path.GetDirectoryName(directory)!;
        EnsureDirectory(parent);
        Directory.CreateDirectory(directory);
        DirectorySync.Flush(parent);
    }
}
