namespace RunnerHarness.Matrix;

/// <summary>The file formats a <see cref="MatrixDataset"/> is read from.</summary>
internal enum DatasetFormat
{
    /// <summary>JSON Lines: one JSON object per line, blank lines ignored (<c>.jsonl</c>, <c>.ndjson</c>).</summary>
    JsonLines,

    /// <summary>CSV (RFC 4180): a header row naming the fields, then one item per row; every value is text (<c>.csv</c>).</summary>
    Csv,
}
