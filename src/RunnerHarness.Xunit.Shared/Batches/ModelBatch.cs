using RunnerHarness.Matrix;

namespace RunnerHarness.Xunit.Batches;

/// <summary>A model batch of a test assembly: its theory and its matrix.</summary>
/// <param name="TestClass">The test class's full name.</param>
/// <param name="TestMethod">The theory's name.</param>
/// <param name="Matrix">The matrix, models placed on the models file's providers.</param>
internal sealed record ModelBatch(string TestClass, string TestMethod, MatrixDefinition Matrix);
