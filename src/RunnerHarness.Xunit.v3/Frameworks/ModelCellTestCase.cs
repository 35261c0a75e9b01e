using System.ComponentModel;
using RunnerHarness.Matrix;
using RunnerHarness.Xunit.Batches;
using RunnerHarness.Xunit.Frameworks.Runners;
using RunnerHarness.Xunit.Recording;
using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks;

/// <summary>
/// One cell of a model batch (a <see cref="ModelMatrixAttribute"/> theory) as a test case of its own, so test explorers
/// list it and test filters select it. Named like <c>Bench.Batch.Run(gpt-4o-mini | openai | easy)</c>, with one trait per
/// axis named after its record column (<c>model</c>, <c>provider</c>, <c>prompt_type</c>, <c>difficulty</c>,
/// <c>task_type</c>, <c>tool_success_rate</c>, <c>flaw_type</c>, custom axes by name), as under xUnit v2. It carries the
/// cell, never the samples: which samples run is planned when the cell runs, against the store as it is then, in one plan
/// that every selected cell of the batch shares (<see cref="RecordingSession.CellPlanOf"/>).
/// </summary>
public sealed class ModelCellTestCase : XunitTestCase, ISelfExecutingXunitTestCase
{
    private MatrixSample? _cell;
    private string? _batchDisplayName;

    // Given at discovery; rebuilt from the test method and the cell after deserialization (the serialization leaves it out).
    private string? _uniqueID;

    /// <summary>Creates an empty test case; xUnit uses it to deserialize.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ModelCellTestCase()
    {
    }

    /// <summary>Creates the test case of <paramref name="cell"/> (its sample index is ignored) of the batch <paramref name="testMethod"/>.</summary>
    /// <param name="testMethod">The batch's theory.</param>
    /// <param name="batchDisplayName">The batch's display name without the cell, from which its rows' names are made.</param>
    /// <param name="uniqueID">The cell's unique id: the batch's with the cell's key.</param>
    /// <param name="explicit">Whether the theory runs only when asked for explicitly.</param>
    /// <param name="traits">The theory's traits with one per axis of the cell.</param>
    /// <param name="sourceFilePath">The theory's source file, if known.</param>
    /// <param name="sourceLineNumber">The theory's source line, if known.</param>
    /// <param name="timeout">The theory's timeout in milliseconds, 0 for none.</param>
    /// <param name="cell">The cell.</param>
    public ModelCellTestCase(
        IXunitTestMethod testMethod,
        string batchDisplayName,
        string uniqueID,
        bool @explicit,
        Dictionary<string, HashSet<string>> traits,
        string? sourceFilePath,
        int? sourceLineNumber,
        int timeout,
        MatrixSample cell)
        : base(testMethod, $"{batchDisplayName}({cell?.CellLabel})", uniqueID, @explicit, traits: traits, sourceFilePath: sourceFilePath, sourceLineNumber: sourceLineNumber, timeout: timeout)
    {
        ArgumentNullException.ThrowIfNull(cell);
        _cell = cell with { SampleIndex = 0 };
        _batchDisplayName = batchDisplayName;
        _uniqueID = uniqueID;
    }

    /// <summary>The cell: its axis values, sample index 0.</summary>
    public MatrixSample Cell => _cell ?? throw new InvalidOperationException("The test case was not deserialized.");

    /// <summary>The batch's display name without the cell, from which its rows' names are made, e.g. <c>Bench.Batch.Run</c>.</summary>
    public string BatchDisplayName => _batchDisplayName ?? throw new InvalidOperationException("The test case was not deserialized.");

    /// <inheritdoc/>
    /// <remarks>The batch's id with the cell's key (see <see cref="CellUniqueId"/>).</remarks>
    public override string UniqueID => _uniqueID ??= CellUniqueId.Of(UniqueIDGenerator.ForTestCase(TestMethod.UniqueID, null, null), TestMethod, Cell);

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
            this, BatchDisplayName, Plan, explicitOption, messageBus, constructorArguments, aggregator, cancellationTokenSource, parallelMode, scheduler, methodFixtureMappings);

    // The plan the batch's selected cells share, made by the first of them to run (see RecordingSession.CellPlanOf).
    private PlannedRows Plan(RecordingSession session)
    {
        var (plan, rowsByCell, turns) = session.CellPlanOf(this);
        var rows = rowsByCell[plan.CellKeyOf(Cell)].ToList();
        var verdict = ModelCellVerdict.Of(plan, Cell, session.Settings!);
        if (verdict.Error is not null || verdict.Rows == 0)
        {
            // The cell runs none of its planned rows: the other cells' rows must not wait for them.
            rows.ForEach(turns.Done);
        }

        if (verdict.Error is { } error)
        {
            throw error;
        }

        return new PlannedRows(verdict.Rows == 0 ? [] : rows, verdict.SkipReason, turns);
    }

    /// <inheritdoc/>
    protected override void Serialize(IXunitSerializationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);

        // Discovery serializes every cell it lists and the text travels to the test explorer, so the test case carries only
        // what it cannot rebuild: not its unique id, nor its axis traits (see CellTestCaseSerializationInfo).
        base.Serialize(new CellTestCaseSerializationInfo(info, Traits, Cell));

        // A cell is identified by its values (the item's id and hash included); its rows take the item's fields from the
        // plan, so the fields do not travel with every discovered cell (a dataset of long items would bloat discovery).
        SerializedCell.Add(info, Cell);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Reads the form <see cref="Serialize"/> writes and the one RunnerHarness wrote before it (which also held the unique
    /// id, the axis traits and the batch's display name; an IDE may hold such a test case across an upgrade): both give
    /// the same test case.
    /// </remarks>
    protected override void Deserialize(IXunitSerializationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        base.Deserialize(info);
        var cell = SerializedCell.Get(info);
        foreach (var (name, value) in cell.CellValues())
        {
            if (!Traits.TryGetValue(name, out var values))
            {
                Traits[name] = values = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            }

            values.Add(value);
        }

        var suffix = $"({cell.CellLabel})";
        if (!TestCaseDisplayName.EndsWith(suffix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"RunnerHarness: the serialized model cell test case '{TestCaseDisplayName}' does not end with its cell '{suffix}'; it was discovered by another version of RunnerHarness. Rebuild the test project and discover its tests again.");
        }

        _cell = cell;
        _batchDisplayName = TestCaseDisplayName[..^suffix.Length];
    }
}
