using RunnerHarness.Store.Summaries;

namespace RunnerHarness.Store;

/// <summary>
/// Rewrites a whole store into one format, losslessly, and proves it: the fingerprint of every record
/// (every column, maps and nulls included) is taken before and after and must be equal.
/// </summary>
internal sealed class StoreMigrator
{
    private readonly IHoldingsRule _holdings;

    /// <summary>Creates a migrator of the store at <paramref name="layout"/>.</summary>
    /// <param name="layout">The store.</param>
    /// <param name="holdings">The rule the store's summaries count held samples by (<see cref="IHoldingsRule"/>).</param>
    public StoreMigrator(StoreLayout layout, IHoldingsRule holdings)
    {
        Layout = layout ?? throw new ArgumentNullException(nameof(layout));
        _holdings = holdings ?? throw new ArgumentNullException(nameof(holdings));
    }

    /// <summary>The store migrated.</summary>
    public StoreLayout Layout { get; }

    /// <summary>
    /// How the proof reads a list of files into their fingerprint, stopping when the token is cancelled:
    /// <see cref="StoreFingerprint.OfFiles(IEnumerable{string}, CancellationToken)"/>; a test replaces it to fail one side of the proof.
    /// </summary>
    internal Func<IReadOnlyList<string>, CancellationToken, StoreFingerprint> FingerprintFiles { get; init; } = StoreFingerprint.OfFiles;

    /// <summary>Rewrites every sealed file into <paramref name="target"/>.</summary>
    /// <exception cref="StoreMigrationException">The records after differ from the records before; the new files are removed again.</exception>
    /// <exception cref="IOException">A file the proof must read cannot be read (<see cref="StoreFingerprint.OfFiles"/>); the new files are removed again.</exception>
    public MigrationResult Migrate(StorageFormat target, Action<int, int>? progress = null)
    {
        // Both fingerprints are taken under the compaction lock, of exactly the files the compaction took
        // and of exactly the files that hold their records afterwards: a writer sealing new files beside
        // the migration is in neither, so it cannot raise a false alarm or double the store.
        var before = default(StoreFingerprint);
        var after = default(StoreFingerprint);
        var compaction = new StoreCompactor(Layout, _holdings).Compact(new CompactionOptions
        {
            TargetFormat = target,
            Progress = progress,
            NewerFilesFound = newer =>
            {
                if (newer.Count > 0)
                {
                    throw new StoreMigrationException(
                        $"Migration of {Layout.Root} to {target} refused: {newer.Count} file(s) were written by a newer harness, and rewriting them with this version would drop what it cannot read: " +
                        string.Join("; ", newer.Select(p => $"{Layout.Relative(p.Key)}: {p.Value}")) +
                        ". Nothing was changed. Migrate with the newer harness (runner-harness --version shows this one).");
                }
            },
            VerifyBeforeRemoving = (sources, files) =>
            {
                // Two independent reads, one on the pool and one here: a two-core machine takes both fingerprints at once.
                using var stop = new CancellationTokenSource();
                var reading = Task.Run(() => FingerprintOf(sources, target, stop.Token));
                try
                {
                    after = FingerprintOf(files, target, CancellationToken.None);
                }
                catch
                {
                    // The proof failed already: the read before is stopped and waited for, so that none of its files stays
                    // open past the migration and its own failure (a cancellation at least) is observed, not left unobserved.
                    stop.Cancel();
                    Task.WhenAny(reading).GetAwaiter().GetResult();
                    _ = reading.Exception;
                    throw;
                }

                before = reading.GetAwaiter().GetResult();
                if (after != before)
                {
                    throw new StoreMigrationException(
                        $"Migration of {Layout.Root} to {target} would change the records: before {before.Records} records (digest {before.Digest:x32}), " +
                        $"after {after.Records} (digest {after.Digest:x32}). Nothing was changed: the new files were removed again.");
                }
            },
        });
        return new MigrationResult(compaction, before, after);
    }

    // A file the proof cannot read refuses the migration: the proof would otherwise say nothing about that file's records.
    private StoreFingerprint FingerprintOf(IReadOnlyList<string> files, StorageFormat target, CancellationToken cancellation)
    {
        try
        {
            return FingerprintFiles(files, cancellation);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException(
                $"Migration of {Layout.Root} to {target} refused: it proves that no record changes by reading every file before and after, and {ex.Message}. " +
                "Nothing was changed: the new files were removed again. Make the file readable by this user (check its permissions) and migrate again.",
                ex);
        }
    }
}
