namespace RunnerHarness.Matrix;

/// <summary>
/// A custom axis of a <see cref="MatrixDefinition"/>: a name that is not a record column (e.g. <c>temperature</c>)
/// and its values, in the order rows are generated. Values land in <see cref="MatrixSample.Dimensions"/> and the
/// record's <c>dimensions</c> map under <paramref name="Name"/>.
/// </summary>
/// <param name="Name">The axis name; must not be a record column such as <c>model</c>.</param>
/// <param name="Values">The axis values; at least one, no duplicates.</param>
public sealed record MatrixAxis(string Name, IReadOnlyList<string> Values);
