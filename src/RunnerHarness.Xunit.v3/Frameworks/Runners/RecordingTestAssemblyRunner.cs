using RunnerHarness.Models.Configuration;
using RunnerHarness.Settings;
using RunnerHarness.Xunit.Batches;
using RunnerHarness.Xunit.Recording;
using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>
/// The v3 assembly runner: runs with a <see cref="RecordingTestAssemblyRunnerContext"/> (whose message bus records every
/// result), installs what the run's model batches and model clients share, and fails every test with the reason when the
/// session could not start, so nothing runs unrecorded.
/// </summary>
internal sealed class RecordingTestAssemblyRunner : XunitTestAssemblyRunner
{
    private RecordingTestAssemblyRunner()
    {
    }

    /// <summary>The runner; xUnit v3 runners are stateless, their state is in the context.</summary>
    public static new RecordingTestAssemblyRunner Instance { get; } = new();

    /// <summary>Runs <paramref name="testCases"/>, recording each result into <paramref name="session"/>.</summary>
    /// <remarks>Mirrors xunit/xunit v3 src/xunit.v3.core/Runners/XunitTestAssemblyRunner.cs, with the recording context.</remarks>
    public async ValueTask<RunSummary> Run(
        RecordingSession session,
        IXunitTestAssembly testAssembly,
        IReadOnlyCollection<IXunitTestCase> testCases,
        IMessageSink executionMessageSink,
        ITestFrameworkExecutionOptions executionOptions,
        CancellationToken cancellationToken)
    {
        await using var context = new RecordingTestAssemblyRunnerContext(session, testAssembly, testCases, executionMessageSink, executionOptions, cancellationToken);
        await context.InitializeAsync().ConfigureAwait(false);
        return await Run(context).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override async ValueTask<bool> OnTestAssemblyStarting(XunitTestAssemblyRunnerContext ctxt)
    {
        ArgumentNullException.ThrowIfNull(ctxt);
        var result = await base.OnTestAssemblyStarting(ctxt).ConfigureAwait(false);

        // An exception from here fails every test without running it, the way xUnit treats a failed assembly
        // fixture: a batch that cannot be recorded must not spend model calls.
        var session = ((RecordingTestAssemblyRunnerContext)ctxt).Session;
        if (session.StartupError is { } error)
        {
            throw error;
        }

        // As under v2 (and with the same session code): the row limits are checked against the providers of every model
        // batch of the test project, the models file against the models of the batches this run executes, and the run's
        // model runtime is installed for ModelClients.Get.
        try
        {
            var batches = ModelBatchPlanner.BatchesOfAssembly(ctxt.TestAssembly.Assembly, session.ModelSettings?.Models);
            var running = ctxt.TestCases.Select(c => (c.TestClassName, c.TestMethodName)).ToHashSet();
            session.StartModelBatches(
                batches.SelectMany(b => b.Matrix.ProvidersInUse).Distinct(StringComparer.Ordinal),
                batches.Where(b => running.Contains((b.TestClass, b.TestMethod))).SelectMany(b => b.Matrix.Models));
        }
        catch (Exception ex) when (ex is HarnessSettingsException or ModelsConfigurationException)
        {
            session.Announcer.Error($"{ex.Message} No test runs until this is fixed, and nothing is recorded.");
            session.DiscardResults();
            throw;
        }

        return result;
    }
}
