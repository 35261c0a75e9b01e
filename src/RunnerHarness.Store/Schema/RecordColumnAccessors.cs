namespace RunnerHarness.Schema;

/// <summary>
/// The typed accessors of every column, generated from the record's column declarations: a format builds its
/// per-column code by visiting them (<see cref="IRecordColumnVisitor{TResult}"/>) instead of listing columns.
/// </summary>
internal static partial class RecordColumnAccessors;
