namespace RunnerHarness.Store.Parquet;

/// <summary>The ids of a Parquet file as a conflict plan's id pass (or <see cref="ClaimedIdSweep"/>) takes them.</summary>
internal static class ParquetIdPass
{
    /// <summary>One id a row (none for a row without one), as the file's reader yields its rows; stopping early (a damaged, unreadable or vanished file) calls <paramref name="stopped"/> with why.</summary>
    public static IEnumerable<ParsedRecordId> Ids(string file, Action<Exception> stopped, VerifiedSegments? verified) =>
        ConflictPassReads.UpToFailure(ParquetSegmentReader.RecordIds(file, verified), stopped);
}
