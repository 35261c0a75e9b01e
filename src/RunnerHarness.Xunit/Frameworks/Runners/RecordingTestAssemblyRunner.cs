using RunnerHarness.Models.Configuration;
using RunnerHarness.Settings;
using RunnerHarness.Xunit.Batches;
using RunnerHarness.Xunit.Recording;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>
/// The assembly runner: puts a <see cref="RecordingMessageBus"/> in front of xUnit's message bus, runs
/// collections with <see cref="RecordingTestCollectionRunner"/>, and fails every test with the reason
/// when the session could not start (bad setting, unwritable store), so nothing runs unrecorded.
/// </summary>
internal sealed class RecordingTestAssemblyRunner : XunitTestAssemblyRunner
{
    private readonly RecordingSession _session;

    /// <summary>Creates the runner; <paramref name="session"/> receives every result.</summary>
    public RecordingTestAssemblyRunner(
        ITestAssembly testAssembly,
        IEnumerable<IXunitTestCase> testCases,
        IMessageSink diagnosticMessageSink,
        IMessageSink executionMessageSink,
        ITestFrameworkExecutionOptions executionOptions,
        RecordingSession session)
        : base(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions) =>
        _session = session ?? throw new ArgumentNullException(nameof(session));

    /// <inheritdoc/>
    protected override IMessageBus CreateMessageBus() => new RecordingMessageBus(base.CreateMessageBus(), _session);

    /// <inheritdoc/>
    protected override async Task AfterTestAssemblyStartingAsync()
    {
        await base.AfterTestAssemblyStartingAsync().ConfigureAwait(false);

        // An exception in the assembly's aggregator fails every test without running it, the way xUnit
        // treats a failed fixture: a batch that cannot be recorded must not spend model calls.
        if (_session.StartupError is { } error)
        {
            Aggregator.Add(error);
            return;
        }

        // The row limits are checked once, at start, against the providers of every model batch of the test project
        // (not only those this run's filter selects, so a project-wide limit stays valid for a filtered run): a limit
        // for a provider no batch uses is a typo, and an error then beats a run that silently ignores it. The models
        // file is checked against the models of the batches this run executes: those need a provider and their keys.
        try
        {
            var assembly = ((IReflectionAssemblyInfo)TestAssembly.Assembly).Assembly;
            var batches = ModelBatchPlanner.BatchesOfAssembly(assembly, _session.ModelSettings?.Models);
            var running = TestCases.Select(c => (c.TestMethod.TestClass.Class.Name, c.TestMethod.Method.Name)).ToHashSet();
            _session.StartModelBatches(
                batches.SelectMany(b => b.Matrix.ProvidersInUse).Distinct(StringComparer.Ordinal),
                batches.Where(b => running.Contains((b.TestClass, b.TestMethod))).SelectMany(b => b.Matrix.Models));
        }
        catch (Exception ex) when (ex is HarnessSettingsException or ModelsConfigurationException)
        {
            _session.Announcer.Error($"{ex.Message} No test runs until this is fixed, and nothing is recorded.");
            _session.DiscardResults();
            Aggregator.Add(ex);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Mirrors xunit/xunit v2 src/xunit.execution/Sdk/Frameworks/Runners/XunitTestAssemblyRunner.cs.</remarks>
    protected override Task<RunSummary> RunTestCollectionAsync(IMessageBus messageBus, ITestCollection testCollection, IEnumerable<IXunitTestCase> testCases, CancellationTokenSource cancellationTokenSource) =>
        new RecordingTestCollectionRunner(testCollection, testCases, DiagnosticMessageSink, messageBus, TestCaseOrderer, new ExceptionAggregator(Aggregator), cancellationTokenSource, _session).RunAsync();
}
