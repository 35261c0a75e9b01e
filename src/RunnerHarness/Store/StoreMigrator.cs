
namespace RunnerHarness.Store;

/// <summary>
/// Rewrites a whole store into one format, losslessly, and proves it: the fingerprint of every record
/// (every column, maps and nulls included) is taken before and after and must be equal.
/// </summary>
public sealed class StoreMigrator
{
    /// <summary>Creates a migrator of the store at <paramref name="layout"/>.</summary>
    public StoreMigrator(StoreLayout layout) => Layout = layout ?? throw new ArgumentNullException(nameof(layout));

    /// <summary>The store migrated.</summary>
    public StoreLayout Layout { get; }

    /// <summary>Rewrites every sealed file into <paramref name="target"/>.</summary>
    /// <exception cref="StoreMigrationException">The records after differ from the records before; both sets of files are left in place for inspection.</exception>
    public MigrationResult Migrate(StorageFormat target, Action<int, int>? progress = null)
    {
        // Dead writers' logs are sealed first so that the "before" fingerprint covers them too.
        LogRecovery.SealOrphanedLogs(Layout, target);
        var before = StoreFingerprint.Of(new StoreReader(Layout));
        var after = default(StoreFingerprint);
        var compaction = new StoreCompactor(Layout).Compact(new CompactionOptions
        {
            TargetFormat = target,
            Progress = progress,
            VerifyBeforeRemoving = files =>
            {
                after = StoreFingerprint.OfFiles(files);
                if (after != before)
                {
                    throw new StoreMigrationException(
                        $"Migration of {Layout.Root} to {target} would change the records: before {before.Records} records (digest {before.Digest:x32}), " +
                        $"after {after.Records} (digest {after.Digest:x32}). Nothing was removed; the new files are {string.Join(", ", files)}.");
                }
            },
        });
        return new MigrationResult(compaction, before, after);
    }
}
