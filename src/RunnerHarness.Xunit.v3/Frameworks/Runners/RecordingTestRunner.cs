using RunnerHarness.Xunit.Recording;
using Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>
/// The test runner of every test the harness runs (plain facts and theories, model batches' rows): xUnit's, except that the
/// exception that ends a test goes to the test's <see cref="ModelTestContext"/> first, so an infrastructure failure outside a
/// model call (a model the models file does not name, an offline cache miss) gives the record its infrastructure category
/// (and, in a batch's row, leaves the sample to top-up), as v2's <c>RecordingTestRunner</c> does.
/// </summary>
internal sealed class RecordingTestRunner : XunitTestRunner
{
    private RecordingTestRunner()
    {
    }

    /// <summary>The runner; xUnit v3 runners are stateless, their state is in the context.</summary>
    public static new RecordingTestRunner Instance { get; } = new();

    /// <inheritdoc/>
    protected override ValueTask<(bool Continue, TestResultState ResultState)> OnTestFailed(
        XunitTestRunnerContext ctxt, Exception exception, decimal executionTime, string output, string[]? warnings)
    {
        ArgumentNullException.ThrowIfNull(ctxt);
        RecordingSession.NoteEndingFailure(ctxt.Test.UniqueID, exception);
        return base.OnTestFailed(ctxt, exception, executionTime, output, warnings);
    }
}
