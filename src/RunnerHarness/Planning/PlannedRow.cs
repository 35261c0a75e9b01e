using RunnerHarness.Matrix;

namespace RunnerHarness.Planning;

/// <summary>
/// One row a batch runs: a sample of its matrix and the <c>case_key</c> the planner computed for it (top-up counted
/// the store by that key), which the row's record carries unchanged.
/// </summary>
/// <param name="Sample">The sample the row's theory receives.</param>
/// <param name="CaseKey">The sample's key in its batch (<see cref="Matrix.CaseKey.For"/>).</param>
internal sealed record PlannedRow(MatrixSample Sample, string CaseKey);
