using System.Security.Cryptography;
using System.Text;
using RunnerHarness.Matrix;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks;

/// <summary>
/// A listed cell's xUnit unique id: its batch's id with the cell's key, as under v2. Unique per cell, and the same in every
/// process for the same cell, so the discoverer gives it and a deserialized <see cref="ModelCellTestCase"/> rebuilds it.
/// </summary>
internal static class CellUniqueId
{
    /// <summary>The id of <paramref name="cell"/> of the batch <paramref name="testMethod"/>, whose own id is <paramref name="batchUniqueId"/>.</summary>
    public static string Of(string batchUniqueId, IXunitTestMethod testMethod, MatrixSample cell)
    {
        var cellKey = CaseKey.ForCell(null, testMethod.TestClass.TestClassName, testMethod.MethodName, cell);
        return $"{batchUniqueId}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cellKey)))}";
    }
}
