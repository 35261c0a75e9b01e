using System.Text.Json;
using RunnerHarness.Matrix;
using RunnerHarness.Schema;
#if XUNIT_V3
using Xunit.Sdk;
#else
using Xunit.Abstractions;
#endif

namespace RunnerHarness.Xunit;

/// <summary>
/// One sample of a model test matrix, for use as a theory parameter: a parameter of this type fills the
/// record's axis columns (<c>model</c>, <c>provider</c>, <c>prompt_type</c>, ..., <c>sample_index</c>: one property per
/// axis of <see cref="RecordAxes.All"/>, generated from the record's axis declarations) and custom dimensions. Serializable by xUnit, so rows built from it by <c>MemberData</c> are enumerated at discovery and
/// show in test explorers one by one, named like <c>gpt-4o-mini | optimal | easy | simple_task | 0.8 | #3</c>. The rows
/// of a <c>[ModelMatrix]</c> batch are planned when the batch runs instead (top-up needs the store as it is then).
/// </summary>
[RecordAxisMembers(RecordAxisMemberShape.CaseValues)]
public sealed partial class ModelCase : IXunitSerializable, IEquatable<ModelCase>
{
    private const string DatasetItemSourceKey = "DatasetItemSource";
    private const string DatasetItemLineKey = "DatasetItemLine";

    private MatrixSample _sample = new();

    /// <summary>Creates an empty case; xUnit uses it to deserialize.</summary>
    public ModelCase()
    {
    }

    /// <summary>Creates a case of the matrix cell (<paramref name="model"/>, <paramref name="promptType"/>, <paramref name="difficulty"/>, <paramref name="taskType"/>) and sample <paramref name="sampleIndex"/>.</summary>
    public ModelCase(string model, string promptType, string difficulty, string taskType, int sampleIndex = 0) =>
        _sample = new MatrixSample { Model = model, PromptType = promptType, Difficulty = difficulty, TaskType = taskType, SampleIndex = sampleIndex };

    /// <summary>Creates the case of a sample of an expanded matrix.</summary>
    public ModelCase(MatrixSample sample) => _sample = sample ?? throw new ArgumentNullException(nameof(sample));

    /// <summary>Creates the case of a planned row: a sample of a batch's matrix and the <c>case_key</c> its planner gave it.</summary>
    public ModelCase(MatrixSample sample, string plannedCaseKey)
        : this(sample)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(plannedCaseKey);
        PlannedCaseKey = plannedCaseKey;
    }

    /// <summary>The sample this case is, for the core library's matrix, top-up and case-key code.</summary>
    public MatrixSample Sample => _sample;

    /// <summary>
    /// The <c>case_key</c> the batch's planner computed for this row, which its record carries; <see langword="null"/> for a
    /// case not planned by a <c>[ModelMatrix]</c> batch (a <c>MemberData</c> row), whose key the recorder takes
    /// from the test and its arguments.
    /// </summary>
    public string? PlannedCaseKey { get; private set; }

    /// <summary>
    /// The dataset item this row answers, with typed access to its fields (<c>modelCase.DatasetItem!.Text("question")</c>);
    /// <see langword="null"/> in a batch without a dataset.
    /// </summary>
    public DatasetItem? DatasetItem => _sample.DatasetItem;

    /// <summary>Custom axes of the cell, by name.</summary>
    public IReadOnlyDictionary<string, string> Dimensions
    {
        get => _sample.Dimensions;
        init => _sample = _sample with { Dimensions = new SortedDictionary<string, string>(value.ToDictionary(), StringComparer.Ordinal) };
    }

    /// <inheritdoc/>
    public void Serialize(IXunitSerializationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        foreach (var axis in RecordAxes.All)
        {
            info.AddValue(axis.Column, axis.Format(_sample.ValueOf(axis)));
        }

        info.AddValue(nameof(Dimensions), JsonSerializer.Serialize(Dimensions.ToDictionary(), ModelCaseJsonContext.Default.DictionaryStringString));
        info.AddValue(nameof(PlannedCaseKey), PlannedCaseKey);
        info.AddValue(nameof(DatasetItem), _sample.DatasetItem?.CanonicalJson);
        info.AddValue(DatasetItemSourceKey, _sample.DatasetItem?.Source);
        info.AddValue(DatasetItemLineKey, _sample.DatasetItem?.Line ?? 0);
    }

    /// <inheritdoc/>
    public void Deserialize(IXunitSerializationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var dimensions = info.GetValue<string?>(nameof(Dimensions)) is { } json
            ? JsonSerializer.Deserialize(json, ModelCaseJsonContext.Default.DictionaryStringString) ?? []
            : [];
        var sample = new MatrixSample { Dimensions = new SortedDictionary<string, string>(dimensions, StringComparer.Ordinal) };
        foreach (var axis in RecordAxes.All)
        {
            sample = sample.With(axis, axis.Parse(info.GetValue<string?>(axis.Column)));
        }

        if (info.GetValue<string?>(nameof(DatasetItem)) is { } itemJson)
        {
            using var document = JsonDocument.Parse(itemJson);
            sample = sample with { DatasetItem = DatasetItem.FromJson(document.RootElement, info.GetValue<string?>(DatasetItemSourceKey) ?? "a serialized test case", info.GetValue<int>(DatasetItemLineKey)) };
        }

        _sample = sample;
        PlannedCaseKey = info.GetValue<string?>(nameof(PlannedCaseKey));
    }

    /// <inheritdoc/>
    public bool Equals(ModelCase? other) => other is not null && _sample.Equals(other._sample);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ModelCase);

    /// <inheritdoc/>
    public override int GetHashCode() => _sample.GetHashCode();

    /// <summary>The row name test explorers show, e.g. <c>gpt-4o-mini | optimal | easy | simple_task | 0.8 | #3</c>.</summary>
    public override string ToString() => _sample.ToString();
}
