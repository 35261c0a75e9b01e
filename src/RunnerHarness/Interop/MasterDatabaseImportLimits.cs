namespace RunnerHarness.Interop;

/// <summary>
/// Caps on what importing a <c>master_database.json</c> may create: a few hundred bytes of counts can
/// ask for millions of records, so the file size and the records it rebuilds are bounded before anything is written.
/// </summary>
internal sealed record MasterDatabaseImportLimits
{
    /// <summary>The largest file read, in bytes. Default: 256 MiB.</summary>
    public long MaxFileBytes { get; init; } = 256L << 20;

    /// <summary>The most records one import rebuilds (the sum of every leaf's <c>total</c>). Default: 1,000,000 (the seed's largest databases held tens of thousands).</summary>
    public long MaxRecords { get; init; } = 1_000_000;
}
