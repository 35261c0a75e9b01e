using RunnerHarness.Matrix;
using RunnerHarness.Planning;
using RunnerHarness.Xunit.Recording;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>
/// The runner of one cell of a model batch (<see cref="ModelCellTestCase"/>) under <see cref="RecordingModelCellsRunner"/>,
/// which plans the batch's selected cells together and runs their rows: this runner reports the cell's start and end, and
/// either one harness result (the cell holds its samples, is not in this run, or cannot run) or the results of its rows,
/// each a test of its own under the cell, named like the rows of a batch listed as one test.
/// </summary>
internal sealed class RecordingModelCellTestCaseRunner : XunitTestCaseRunner
{
    private readonly RecordingSession _session;
    private readonly TaskCompletionSource _readyForRows = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<RunSummary> _rowsFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RunSummary _rowsSummary = new();
    private int _rowsPending;
    private Exception? _error;
    private string? _skipReason;

    /// <summary>Creates the runner of <paramref name="testCase"/>; <paramref name="session"/> receives every result.</summary>
    public RecordingModelCellTestCaseRunner(
        ModelCellTestCase testCase,
        object[] constructorArguments,
        IMessageBus messageBus,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource,
        RecordingSession session)
        : base(testCase, testCase.DisplayName, testCase.SkipReason, constructorArguments, [], messageBus, aggregator, cancellationTokenSource)
    {
        Cell = testCase;
        _session = session ?? throw new ArgumentNullException(nameof(session));
    }

    /// <summary>The cell this runner reports.</summary>
    public ModelCellTestCase Cell { get; }

    /// <summary>Completes once the cell has reported its start and waits for its rows (<see cref="ExpectRows"/>).</summary>
    public Task ReadyForRows => _readyForRows.Task;

    /// <summary>Makes the cell report <paramref name="error"/> as one failed test instead of running rows.</summary>
    public void FailWith(Exception error) => _error = error ?? throw new ArgumentNullException(nameof(error));

    /// <summary>Makes the cell report one skipped test with <paramref name="reason"/>, not recorded: it says what the harness did, not how a model did.</summary>
    public void SkipWith(string reason) => _skipReason = reason ?? throw new ArgumentNullException(nameof(reason));

    /// <summary>Makes the cell wait, once started, for <paramref name="count"/> rows started with <see cref="CreateRow"/> to report <see cref="RowFinished"/>.</summary>
    public void ExpectRows(int count) => _rowsPending = count;

    /// <summary>The runner of one sample of the cell, reporting under the cell and named as the batch's row would be.</summary>
    public XunitTestRunner CreateRow(PlannedRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        object[] arguments = [new ModelCase(row.Sample, row.CaseKey)];
        var displayName = TestCase.TestMethod.Method.GetDisplayNameWithArguments(Cell.BatchDisplayName, arguments, null);

        // Each row gets its own aggregator (seeded with the cell's): rows run at once, and ExceptionAggregator is not thread-safe.
        return new RecordingTestRunner(
            new XunitTest(TestCase, displayName), MessageBus, TestClass, ConstructorArguments, TestMethod, arguments, SkipReason,
            BeforeAfterAttributes, new ExceptionAggregator(Aggregator), CancellationTokenSource, _session);
    }

    /// <summary>Counts a finished row; the cell reports its end after the last one.</summary>
    public void RowFinished(RunSummary row)
    {
        lock (_rowsSummary)
        {
            _rowsSummary.Aggregate(row);
            if (--_rowsPending == 0)
            {
                _rowsFinished.TrySetResult(_rowsSummary);
            }
        }
    }

    /// <inheritdoc/>
    protected override Task<RunSummary> RunTestAsync()
    {
        if (_error is not null)
        {
            // The cell's batch could not be planned: a failure of the configuration or the harness before any row, which
            // fails visibly and is not recorded (no model ran).
            var failed = new XunitTest(TestCase, DisplayName);
            _session.DoNotRecord(failed);
            _readyForRows.TrySetResult();
            return Task.FromResult(HarnessResult.Fail(MessageBus, failed, _error, CancellationTokenSource));
        }

        if (_skipReason is not null || _rowsPending == 0)
        {
            var test = new XunitTest(TestCase, DisplayName);
            _session.DoNotRecord(test);
            _readyForRows.TrySetResult();
            return Task.FromResult(HarnessResult.Skip(MessageBus, test, _skipReason ?? "RunnerHarness: no sample of this cell was planned.", CancellationTokenSource));
        }

        _readyForRows.TrySetResult();
        return _rowsFinished.Task;
    }
}
