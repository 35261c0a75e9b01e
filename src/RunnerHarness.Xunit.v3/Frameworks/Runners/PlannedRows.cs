using RunnerHarness.Planning;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>The rows a model batch's test case runs in this process, or, when there are none, why.</summary>
/// <param name="Rows">The planned rows, in plan order.</param>
/// <param name="SkipReason">Why there is nothing to run, when <paramref name="Rows"/> is empty.</param>
/// <param name="Turns">The order the rows queue in with the other cells' rows of the batch, when the test case is one of its cells.</param>
internal sealed record PlannedRows(IReadOnlyList<PlannedRow> Rows, string? SkipReason, PlanOrderTurns? Turns = null);
