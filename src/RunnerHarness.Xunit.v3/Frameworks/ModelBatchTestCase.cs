using System.ComponentModel;
using System.Reflection;
using RunnerHarness.Xunit.Batches;
using RunnerHarness.Xunit.Frameworks.Runners;
using RunnerHarness.Xunit.Recording;
using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks;

/// <summary>
/// A model batch listed as one test (<see cref="ModelMatrixAttribute.DiscoverCells"/> <see langword="false"/>, or
/// <c>RUNNER_HARNESS_DISCOVER_CELLS=false</c>), as under v2: plans all its rows when it runs, against the store as it is then,
/// and runs them as its tests within the row limits; with nothing to run it reports one skipped result saying why, and a
/// batch that cannot be planned (an invalid matrix or declaration) one failed result.
/// </summary>
public sealed class ModelBatchTestCase : XunitTestCase, ISelfExecutingXunitTestCase
{
    /// <summary>Creates an empty test case; xUnit uses it to deserialize.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ModelBatchTestCase()
    {
    }

    /// <summary>Creates the test case of the batch <paramref name="testMethod"/>.</summary>
    /// <param name="testMethod">The batch's theory.</param>
    /// <param name="displayName">The batch's display name, from which its rows' names are made.</param>
    /// <param name="uniqueID">The batch's unique id.</param>
    /// <param name="explicit">Whether the theory runs only when asked for explicitly.</param>
    /// <param name="traits">The theory's traits.</param>
    /// <param name="sourceFilePath">The theory's source file, if known.</param>
    /// <param name="sourceLineNumber">The theory's source line, if known.</param>
    /// <param name="timeout">The theory's timeout in milliseconds, 0 for none.</param>
    public ModelBatchTestCase(
        IXunitTestMethod testMethod,
        string displayName,
        string uniqueID,
        bool @explicit,
        Dictionary<string, HashSet<string>> traits,
        string? sourceFilePath,
        int? sourceLineNumber,
        int timeout)
        : base(testMethod, displayName, uniqueID, @explicit, traits: traits, sourceFilePath: sourceFilePath, sourceLineNumber: sourceLineNumber, timeout: timeout)
    {
    }

    /// <inheritdoc/>
    public ValueTask<RunSummary> Run(
        ExplicitOption explicitOption,
        IMessageBus messageBus,
        object?[] constructorArguments,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource,
        ParallelMode parallelMode,
        ExecutionScheduler scheduler,
        FixtureMappingManager methodFixtureMappings) =>
        RecordingModelRowsTestCaseRunner.Instance.Run(
            this, TestCaseDisplayName, Plan, explicitOption, messageBus, constructorArguments, aggregator, cancellationTokenSource, parallelMode, scheduler, methodFixtureMappings);

    // Planned here, when the batch starts: top-up must see the store as it is when the rows execute.
    private PlannedRows Plan(RecordingSession session)
    {
        var method = TestMethod.Method;
        var attribute = method.GetCustomAttribute<ModelMatrixAttribute>()
            ?? throw new InvalidOperationException($"RunnerHarness: {TestClassName}.{TestMethodName} has no [ModelMatrix] attribute: the tests were discovered from an older build. Rebuild and discover the tests again.");
        var plan = ModelBatchPlanner.Plan(attribute, TestMethod.TestClass.Class.Assembly, TestClassName, method);
        // The batch's rows start at once on xUnit's threads, which take them in no fixed order: their turns keep the slots in plan order.
        return new PlannedRows(plan.PlannedRowsToRun, plan.RowsToRun.Count == 0 ? $"RunnerHarness: {plan.TopUp.Describe()}" : null, new PlanOrderTurns(plan.PlannedRowsToRun));
    }
}
