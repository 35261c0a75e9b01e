using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using RunnerHarness.Matrix;
using RunnerHarness.Xunit.Batches;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Frameworks;

/// <summary>
/// One cell of a model batch (a <see cref="ModelMatrixAttribute"/> theory) as a test case of its own, so test explorers
/// list it and <c>dotnet test --filter</c> selects it. Named like <c>Bench.Batch.Run(gpt-4o-mini | openai | easy)</c>, with
/// one trait per axis named after its record column (<c>model</c>, <c>provider</c>, <c>prompt_type</c>, <c>difficulty</c>,
/// <c>task_type</c>, <c>tool_success_rate</c>, <c>flaw_type</c>, custom axes by name). It carries the cell, never the
/// samples: which samples run is planned when the cell runs, against the store as it is then.
/// </summary>
public sealed class ModelCellTestCase : XunitTestCase
{
    // xUnit's id of the batch, the same for every cell of one test method: its SHA-1 once, not once per cell.
    private static readonly ConditionalWeakTable<ITestMethod, string> BatchUniqueIds = [];
    private static readonly Dictionary<string, List<string>> NoDeclaredTraits = [];
    private MatrixSample _cell = new();
    private string _batchDisplayName = string.Empty;
    private Dictionary<string, List<string>> _declaredTraits = [];

    /// <summary>Creates an empty test case; xUnit uses it to deserialize.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ModelCellTestCase()
    {
    }

    /// <summary>Creates the test case of <paramref name="cell"/> (its sample index is ignored) of the batch <paramref name="testMethod"/>.</summary>
    public ModelCellTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod, MatrixSample cell)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
        ArgumentNullException.ThrowIfNull(cell);
        _cell = cell with { SampleIndex = 0 };
    }

    /// <summary>The cell: its axis values, sample index 0.</summary>
    public MatrixSample Cell => _cell;

    /// <summary>The batch's display name without the cell, from which its rows' names are made, e.g. <c>Bench.Batch.Run</c>.</summary>
    public string BatchDisplayName
    {
        get
        {
            EnsureInitialized();
            return _batchDisplayName;
        }
    }

    /// <summary>The traits the test declares itself ([Trait] attributes), without the cell's axis traits; records keep these.</summary>
    public IReadOnlyDictionary<string, List<string>> DeclaredTraits
    {
        get
        {
            EnsureInitialized();
            return _declaredTraits;
        }
    }

    /// <inheritdoc/>
    public override void Serialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        base.Serialize(data);

        // A cell is identified by its values (the item's id and hash included); its rows take the item's fields from the
        // plan, so the fields do not travel with every discovered cell (a dataset of long items would bloat discovery);
        // SerializedCell keeps the rest small, since discovery serializes every cell it lists.
        SerializedCell.Add(data, _cell);
    }

    /// <inheritdoc/>
    public override void Deserialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);

        // First: the base initializes the test case (display name, traits) while it deserializes, and both need the cell.
        _cell = SerializedCell.Get(data);
        base.Deserialize(data);
    }

    /// <inheritdoc/>
    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName)
    {
        _batchDisplayName = displayName;
        return $"{displayName}({_cell.CellLabel})";
    }

    /// <inheritdoc/>
    protected override void Initialize()
    {
        base.Initialize();
        _declaredTraits = Traits.Count == 0 ? NoDeclaredTraits : Traits.ToDictionary(t => t.Key, t => t.Value.ToList(), StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in _cell.CellValues())
        {
            if (!Traits.TryGetValue(name, out var values))
            {
                Traits[name] = values = [];
            }

            values.Add(value);
        }
    }

    /// <inheritdoc/>
    /// <remarks>The batch's id with the cell's key: unique per cell, and the same in every process for the same cell.</remarks>
    protected override string GetUniqueID()
    {
        // xUnit's ids are unique within the assembly it runs, so the key without its assembly part is enough here (and keeps ids as they were).
        var cellKey = RunnerHarness.Matrix.CaseKey.ForCell(null, TestMethod.TestClass.Class.Name, TestMethod.Method.Name, _cell);
        var batchUniqueId = BatchUniqueIds.GetValue(TestMethod, _ => base.GetUniqueID());
        return $"{batchUniqueId}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cellKey)))}";
    }
}
