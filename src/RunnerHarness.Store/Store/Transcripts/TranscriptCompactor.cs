using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;

namespace RunnerHarness.Store.Transcripts;

/// <summary>
/// Merges the sealed transcript files of a store into few ones under <c>transcripts/compacted/</c> (in one format, or per
/// format), as compaction does for records: each record's transcript once (from the first file holding it), merged files
/// renamed in and proven equal to what was taken (row count and a SHA-256 of every row) before any source is removed.
/// A file that cannot be read whole is reported and kept in place.
/// </summary>
internal sealed class TranscriptCompactor(StoreLayout layout)
{
    /// <summary>Merges; runs under the store's compaction lock (the caller holds it).</summary>
    /// <returns>The sources merged and removed, and the merged files written.</returns>
    /// <exception cref="StoreWriteException">The merged files did not read back as what was taken; they were removed again and every source kept.</exception>
    public (IReadOnlyList<string> Read, IReadOnlyList<string> Written) Compact(StorageFormat? target, List<StoreProblem> problems)
    {
        var listing = TranscriptFiles.List(layout);
        problems.AddRange(listing.Links);
        var sources = listing.Files.Where(f => TranscriptFiles.FormatOf(f) is not null).ToArray();
        var groups = target is { } only
            ? [(Format: only, Files: sources)]
            : sources.GroupBy(f => TranscriptFiles.FormatOf(f)!.Value).Select(g => (Format: g.Key, Files: g.ToArray())).ToArray();
        var read = new List<string>();
        var written = new List<string>();
        try
        {
            foreach (var (format, files) in groups)
            {
                if (files.Length == 0 || (files.Length == 1 && TranscriptFiles.FormatOf(files[0]) == format))
                {
                    continue;
                }

                Merge(format, files, read, written, problems);
            }
        }
        catch (Exception ex)
        {
            var left = written.Where(file => !TryRemove(file)).ToList();
            if (left.Count > 0)
            {
                // The failure's own message may say the merged files were removed; these were not, so it must not be the last word.
                throw new StoreWriteException(
                    $"Compacting the transcripts of {layout.Root} failed ({ex.Message}), and {left.Count} merged transcript file(s) could not be removed again: " +
                    $"{string.Join(", ", left.Select(layout.Relative))}. Each is whole and repeats transcripts their sources still hold, which readers take once; remove them.",
                    ex);
            }

            throw;
        }

        foreach (var file in read)
        {
            try
            {
                StoreLinks.DeleteOwnFile(layout, file);
                DirectorySync.Flush(Path.GetDirectoryName(file)!);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add(new StoreProblem(StoreProblemKind.UndeletedSource, layout.Relative(file),
                    $"a transcript file merged, but it cannot be removed ({ex.Message}); its transcripts are also in the merged files and readers take each once"));
            }
        }

        return (read, written);
    }

    private void Merge(StorageFormat format, string[] files, List<string> read, List<string> written, List<StoreProblem> problems)
    {
        var seen = new HashSet<string>(RecordIdComparer.Instance);
        var batch = new List<TranscriptRow>();
        long batchBytes = 0;
        var mine = new List<string>();
        using var taken = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long takenRows = 0;
        foreach (var file in files)
        {
            List<TranscriptRow> rows;
            var fileProblems = new List<StoreProblem>();
            try
            {
                rows = TranscriptFiles.ReadSealed(file, fileProblems.Add);
            }
            catch (Exception ex) when (ex is CorruptSegmentException or IOException or UnauthorizedAccessException)
            {
                problems.Add(new StoreProblem(StoreProblemKind.CorruptFile, layout.Relative(file), $"{ex.Message}; a transcript file kept in place, not merged"));
                continue;
            }

            if (fileProblems.Count > 0)
            {
                problems.AddRange(fileProblems);
                problems.Add(new StoreProblem(StoreProblemKind.CorruptFile, layout.Relative(file), "a transcript file with lines that cannot be read; kept in place, not merged"));
                continue;
            }

            // A record's transcript is taken whole from the first file that holds it; a later copy is the same rows.
            var fresh = rows.Where(r => !seen.Contains(r.RecordId)).ToList();
            foreach (var id in fresh.Select(r => r.RecordId).Distinct(RecordIdComparer.Instance))
            {
                seen.Add(id);
            }

            foreach (var row in fresh)
            {
                batchBytes += Hash(taken, row);
                takenRows++;
                batch.Add(row);
                if (batch.Count >= TranscriptFiles.MaxRowsPerFile || batchBytes >= TranscriptFiles.MaxBytesPerFile)
                {
                    mine.Add(Seal(format, batch, written.Count + mine.Count));
                    batch.Clear();
                    batchBytes = 0;
                }
            }

            read.Add(file);
        }

        if (batch.Count > 0)
        {
            mine.Add(Seal(format, batch, written.Count + mine.Count));
        }

        written.AddRange(mine);
        Prove(mine, takenRows, taken.GetHashAndReset());
    }

    // The merged files must read back as exactly the rows taken, in order, before a source is removed.
    private void Prove(List<string> merged, long takenRows, byte[] takenDigest)
    {
        using var back = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long rows = 0;
        foreach (var file in merged)
        {
            foreach (var row in TranscriptFiles.ReadSealed(file, p => throw new CorruptSegmentException(p.Message)))
            {
                Hash(back, row);
                rows++;
            }
        }

        if (rows != takenRows || !back.GetHashAndReset().AsSpan().SequenceEqual(takenDigest))
        {
            throw new StoreWriteException(
                $"Compacting the transcripts of {layout.Root} would change them: {takenRows} messages taken, {rows} read back from the merged files. " +
                "The merged files were removed again and every source kept.");
        }
    }

    // Hashes the row's canonical JSON line; returns its length.
    private static int Hash(IncrementalHash hash, TranscriptRow row)
    {
        var line = new ArrayBufferWriter<byte>(256);
        TranscriptJsonLines.WriteLine(row, line);
        hash.AppendData(line.WrittenSpan);
        return line.WrittenCount;
    }

    private string Seal(StorageFormat format, List<TranscriptRow> rows, int sequence)
    {
        var stem = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd-HHmmssfff}-{Guid.NewGuid():N}-{sequence:D4}");
        return TranscriptFiles.Seal(layout, layout.CompactedTranscriptDirectory, stem, format, rows);
    }

    /// <returns>Whether the file is gone afterwards.</returns>
    private bool TryRemove(string file)
    {
        try
        {
            StoreLinks.DeleteOwnFile(layout, file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Reported with the original failure by the caller; this file repeats transcripts that stay in their sources.
        }

        return !File.Exists(file);
    }
}
