namespace RunnerHarness.Store;

/// <summary>What <see cref="StoreMigrator"/> did, and the proof that nothing changed.</summary>
/// <param name="Compaction">The rewrite into the target format.</param>
/// <param name="Before">The store's fingerprint before.</param>
/// <param name="After">The store's fingerprint after; equal to <paramref name="Before"/>.</param>
internal sealed record MigrationResult(CompactionResult Compaction, StoreFingerprint Before, StoreFingerprint After);
