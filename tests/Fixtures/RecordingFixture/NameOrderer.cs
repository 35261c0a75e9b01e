using Xunit.Abstractions;
using Xunit.Sdk;

namespace RecordingFixture;

/// <summary>Runs a class's tests in method-name order, so the crash test runs last.</summary>
public sealed class NameOrderer : ITestCaseOrderer
{
    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.Name, StringComparer.Ordinal);
}
