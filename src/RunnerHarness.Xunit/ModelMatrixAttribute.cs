using System.Globalization;
using System.Reflection;
using RunnerHarness.Matrix;
using RunnerHarness.Xunit.Batches;
using Xunit.Sdk;

namespace RunnerHarness.Xunit;

/// <summary>
/// Makes a theory a model batch: its rows are the samples of a matrix of cells, declared here or in a JSON config
/// file beside the test project (<c>docs/matrix.md</c>). The theory takes one <see cref="ModelCase"/> parameter.
/// Under the RunnerHarness recording framework each run executes only this shard's samples that the store does
/// not yet hold (cumulative top-up), several rows at once within the row limits, and announces its plan as
/// <c>[RunnerHarness] plan Class.Method: N rows to run</c>.
/// </summary>
/// <remarks>
/// Discovery lists one test per cell of the matrix (after exclusions), named like
/// <c>Run(gpt-4o-mini | openai | optimal | easy | simple_task | 0.8)</c>, with one trait per axis named after its record
/// column (<c>model</c>, <c>provider</c>, <c>prompt_type</c>, ..., <c>item</c> for a <see cref="Dataset"/>'s item), so test explorers show every cell and
/// <c>dotnet test --filter "model=gpt-4o-mini&amp;difficulty=hard"</c> selects cells. Rows (samples) are planned when the
/// cells run, never at discovery: top-up must see the store as it is when the rows execute, and an IDE may discover long
/// before it runs (or another shard may have filled the store meanwhile). Each executed row reports its own result under
/// its cell, named like <c>Run(modelCase: gpt-4o-mini | openai | optimal | easy | simple_task | 0.8 | #3)</c>.
/// <see cref="DiscoverCells"/> set to <see langword="false"/> lists the batch as one test instead.
/// </remarks>
/// <example>
/// <code>
/// [Theory]
/// [ModelMatrix(Models = ["gpt-4o-mini", "gpt-5-mini"], Providers = ["gpt-4o-mini=openai", "gpt-5-mini=azure"],
///     PromptTypes = ["baseline", "optimal"], Difficulties = ["easy", "hard"], SamplesPerCell = 3,
///     Exclude = ["model=gpt-5-mini, difficulty=hard"])]
/// public async Task Run(ModelCase modelCase) { ... }
///
/// [Theory]
/// [ModelMatrix("matrix.json")]   // relative to the test project directory
/// public async Task FromFile(ModelCase modelCase) { ... }
/// </code>
/// </example>
[DataDiscoverer("RunnerHarness.Xunit.Batches.ModelMatrixDataDiscoverer", "RunnerHarness.Xunit")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed partial class ModelMatrixAttribute : DataAttribute
{
    private int _samplesPerCell = MatrixDefinition.DefaultSamplesPerCell;
    private bool _samplesPerCellSet;

    /// <summary>Declares the matrix with the named properties of this attribute.</summary>
    public ModelMatrixAttribute()
    {
    }

    /// <summary>Reads the matrix from the JSON file <paramref name="configFile"/>; a relative path is relative to the test project directory.</summary>
    public ModelMatrixAttribute(string configFile) => ConfigFile = configFile;

    /// <summary>The matrix config file, or <see langword="null"/> when the matrix is declared by the properties. With a file, only <see cref="SamplesPerCell"/> may also be set.</summary>
    public string? ConfigFile { get; }

    /// <summary>Each model's provider as <c>model=provider</c>; either empty or naming every model. Per-provider row limits key on it. Default: none.</summary>
    public string[] Providers { get; set; } = [];

    /// <summary>
    /// A dataset file whose items are an axis of the matrix: JSON Lines (<c>.jsonl</c>, <c>.ndjson</c>) or CSV (<c>.csv</c>), each
    /// item with a stable <c>id</c>; relative to the test project directory. Each item is a cell crossed with the other axes,
    /// its id in the case key and the trait <c>item</c>; the row's item reaches the test as <see cref="ModelCase.DatasetItem"/>.
    /// See <c>docs/datasets.md</c>. With a config file, declare the dataset there (<c>"dataset"</c>). Default: none.
    /// </summary>
    public string? Dataset { get; set; }

    /// <summary>Custom axes as <c>name=value1,value2</c>, varying after the built-in axes in the order given. Default: none.</summary>
    public string[] Axes { get; set; } = [];

    /// <summary>Excluded cells, each a partial pattern <c>axis=value, axis=value</c> (axis names as in records: <c>model</c>, <c>provider</c>, <c>prompt_type</c>, ...). Default: none.</summary>
    public string[] Exclude { get; set; } = [];

    /// <summary>
    /// Whether discovery lists one test per cell (the default) or the whole batch as one test, for matrices too large to
    /// list usefully. The environment variable <c>RUNNER_HARNESS_DISCOVER_CELLS=false</c> lists every batch of the test
    /// run as one test. Default: <see langword="true"/>.
    /// </summary>
    public bool DiscoverCells { get; set; } = true;

    /// <summary>
    /// Samples per cell when the run sets no target (<c>RUNNER_HARNESS_TARGET_SAMPLES</c>); 1 or more. With a config file,
    /// overrides the file's <c>samples</c>. Default: the file's, else 1.
    /// </summary>
    public int SamplesPerCell
    {
        get => _samplesPerCell;
        set
        {
            _samplesPerCell = value;
            _samplesPerCellSet = true;
        }
    }

    /// <summary>
    /// The rows this process runs: this shard's samples the store lacks, planned now with the run's settings (filters,
    /// target, shard, store). Needs the RunnerHarness recording framework, which owns the settings and the store.
    /// </summary>
    /// <exception cref="InvalidOperationException">The test assembly does not run under the recording framework.</exception>
    /// <exception cref="MatrixDefinitionException">The matrix is invalid, or filters and exclusions leave no rows.</exception>
    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        ArgumentNullException.ThrowIfNull(testMethod);
        var testClass = testMethod.ReflectedType ?? testMethod.DeclaringType
            ?? throw new InvalidOperationException($"The method {testMethod.Name} has no class.");
        var plan = ModelBatchPlanner.Plan(this, testClass.Assembly, testClass.FullName ?? testClass.Name, testMethod);
        return plan.PlannedRowsToRun.Select(row => new object[] { new ModelCase(row.Sample, row.CaseKey) }).ToList();
    }

    /// <summary>
    /// The matrix this attribute declares; relative config file paths resolve against <paramref name="projectDirectory"/>.
    /// </summary>
    /// <exception cref="MatrixDefinitionException">The declaration is invalid; the message names the problem.</exception>
    public MatrixDefinition ToDefinition(string projectDirectory, string batch)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectDirectory);
        var source = $"the [ModelMatrix] attribute of {batch}";
        MatrixDefinition matrix;
        if (ConfigFile is not null)
        {
            if (ListedAxisValueCount + Providers.Length + Axes.Length + Exclude.Length > 0 || Dataset is not null)
            {
                throw new MatrixDefinitionException(
                    $"RunnerHarness: {source} names the config file '{ConfigFile}' and also declares axes, providers, a dataset or exclusions; declare the matrix in one place (only SamplesPerCell may override the file).");
            }

            matrix = MatrixDefinition.Load(Path.GetFullPath(ConfigFile, projectDirectory));
        }
        else
        {
            matrix = WithListedAxes(new MatrixDefinition()) with
            {
                Source = source,
                Providers = Pairs(Providers, nameof(Providers), source).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
                Dataset = Dataset is null ? null : MatrixDataset.Load(Path.GetFullPath(Dataset, projectDirectory)),
                CustomAxes = [.. Axes.Select(a => ParseAxis(a, source))],
                Exclusions = [.. Exclude.Select(e => ParseExclusion(e, source))],
            };
        }

        matrix = _samplesPerCellSet ? matrix with { SamplesPerCell = _samplesPerCell } : matrix;
        matrix.Validate();
        return matrix;
    }

    private static MatrixAxis ParseAxis(string text, string source)
    {
        var (name, values) = Pair(text, nameof(Axes), source, "name=value1,value2");
        return new MatrixAxis(name, values.Split(',', StringSplitOptions.TrimEntries));
    }

    private static MatrixExclusion ParseExclusion(string text, string source)
    {
        try
        {
            return MatrixExclusion.Of(Pairs(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), nameof(Exclude), source));
        }
        catch (ArgumentException ex)
        {
            throw new MatrixDefinitionException($"RunnerHarness: {source} has the invalid exclusion '{text}': {ex.Message} Write 'axis=value, axis=value'.", ex);
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> Pairs(IEnumerable<string> texts, string property, string source) =>
        texts.Select(t => Pair(t, property, source, "name=value")).Select(p => new KeyValuePair<string, string>(p.Name, p.Value));

    private static (string Name, string Value) Pair(string? text, string property, string source, string syntax)
    {
        var separator = text?.IndexOf('=', StringComparison.Ordinal) ?? -1;
        if (text is null || separator <= 0 || separator == text.Length - 1)
        {
            throw new MatrixDefinitionException(string.Create(
                CultureInfo.InvariantCulture, $"RunnerHarness: {source} has the invalid {property} entry '{text}'; write '{syntax}'."));
        }

        return (text[..separator].Trim(), text[(separator + 1)..].Trim());
    }
}
