namespace RunnerHarness.Schema;

/// <summary>
/// The column names of a <see cref="ResultRecord"/>, the same in JSON Lines and Parquet: one constant per column,
/// generated from the record's column declarations (the <see cref="ResultRecord"/> properties with
/// <see cref="RecordColumnAttribute"/>). These names are a public contract: add columns, never rename or change the
/// meaning of one.
/// </summary>
public static partial class RecordColumns;
