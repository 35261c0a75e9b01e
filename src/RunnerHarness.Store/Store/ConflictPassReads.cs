using RunnerHarness.Schema;
using RunnerHarness.Store.Parquet;

namespace RunnerHarness.Store;

/// <summary>
/// How the passes of a <see cref="ConflictPlan"/> read a file: to where it fails (damaged, unreadable, or gone from its
/// path), as every reader skips such a file and the read that follows reports it. <see cref="StoreFingerprint"/> reads
/// through <see cref="UpToFailure"/> too, refusing all but damage.
/// </summary>
internal static class ConflictPassReads
{
    /// <summary>
    /// The items of <paramref name="read"/> up to where it fails with damage or an unreadable file, which
    /// <paramref name="stopped"/> is then called with; any other exception passes through.
    /// </summary>
    public static IEnumerable<T> UpToFailure<T>(IEnumerable<T> read, Action<Exception> stopped)
    {
        using var items = read.GetEnumerator();
        while (true)
        {
            try
            {
                if (!items.MoveNext())
                {
                    yield break;
                }
            }
            catch (Exception ex) when (ex is CorruptSegmentException or IOException or UnauthorizedAccessException)
            {
                stopped(ex);
                yield break;
            }

            yield return items.Current;
        }
    }

    /// <summary>Whether <paramref name="ex"/> says a file was removed from its path (or its folder) since it was listed.</summary>
    public static bool IsVanished(Exception ex) => ex is FileNotFoundException or DirectoryNotFoundException;

    /// <summary>
    /// Every record of <paramref name="file"/> as the read that follows will yield them, none from where it fails. Through
    /// a view of its kept handle when <paramref name="verified"/> holds one: the read takes that handle, so it yields
    /// these copies even if the path is gone by then. Else by its path, as that read opens it too, which is sound because
    /// a file either is read here, so its copies are decided among, or is gone here (<paramref name="vanished"/>): then
    /// the plan says so (<see cref="ConflictPlan.MissedAVanishedFile"/>) and the read, having yielded nothing yet, plans again over a
    /// new listing, which holds the merged file in its place. A file gone only after this pass read it makes the
    /// streaming read list the store again and read the merged files, whose ids it checks against those it yielded
    /// (<see cref="YieldedIds"/>): the copy that counts was decided with the gone file's copies, so it is the same.
    /// </summary>
    public static IEnumerable<ResultRecord> ReadOrNothing(string file, VerifiedSegments? verified, Action vanished)
    {
        var reader = SegmentFormats.ReaderFor(file);
        if (reader is null)
        {
            yield break;
        }

        using var borrowed = verified?.Borrow(file);
        var read = borrowed is not null ? reader.ReadVerified(file, borrowed, RecordProjection.All, static _ => { }) : reader.Read(file, RecordProjection.All, static _ => { });
        foreach (var record in UpToFailure(read, ex =>
        {
            if (IsVanished(ex))
            {
                vanished();
            }
        }))
        {
            yield return record;
        }
    }
}
