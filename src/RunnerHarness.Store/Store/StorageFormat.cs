namespace RunnerHarness.Store;

/// <summary>The file format new records are sealed in. Readers always read both.</summary>
public enum StorageFormat
{
    /// <summary>UTF-8 JSON Lines (<c>*.jsonl</c>), one record per line: easy to read by eye.</summary>
    Json,

    /// <summary>Apache Parquet (<c>*.parquet</c>): about a tenth of the bytes, fast to analyse.</summary>
    Parquet,
}
