using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace RunnerHarness.Xunit;

/// <summary>
/// One sample of a model test matrix, for use as a theory parameter: a parameter of this type fills the
/// record's <c>model</c>, <c>provider</c>, <c>prompt_type</c>, <c>difficulty</c>, <c>task_type</c>,
/// <c>tool_success_rate</c>, <c>flaw_type</c> and <c>sample_index</c> columns from its properties.
/// Serializable by xUnit, so rows built from it are enumerated at discovery and show in test explorers one by one.
/// </summary>
public sealed record ModelCase : IXunitSerializable
{
    private string? _model;
    private string? _provider;
    private string? _promptType;
    private string? _difficulty;
    private string? _taskType;
    private double? _toolSuccessRate;
    private string? _flawType;
    private int? _sampleIndex;

    /// <summary>Creates an empty case; xUnit uses it to deserialize.</summary>
    public ModelCase()
    {
    }

    /// <summary>Creates a case of the matrix cell (<paramref name="model"/>, <paramref name="promptType"/>, <paramref name="difficulty"/>, <paramref name="taskType"/>) and sample <paramref name="sampleIndex"/>.</summary>
    public ModelCase(string model, string promptType, string difficulty, string taskType, int sampleIndex = 0)
    {
        _model = model;
        _promptType = promptType;
        _difficulty = difficulty;
        _taskType = taskType;
        _sampleIndex = sampleIndex;
    }

    /// <summary>The model under test.</summary>
    public string? Model { get => _model; init => _model = value; }

    /// <summary>The provider serving the model.</summary>
    public string? Provider { get => _provider; init => _provider = value; }

    /// <summary>The prompt type, e.g. <c>optimal</c>.</summary>
    public string? PromptType { get => _promptType; init => _promptType = value; }

    /// <summary>The difficulty, e.g. <c>easy</c>.</summary>
    public string? Difficulty { get => _difficulty; init => _difficulty = value; }

    /// <summary>The task type, e.g. <c>simple_task</c>.</summary>
    public string? TaskType { get => _taskType; init => _taskType = value; }

    /// <summary>The simulated tool success rate, from 0 to 1.</summary>
    public double? ToolSuccessRate { get => _toolSuccessRate; init => _toolSuccessRate = value; }

    /// <summary>The flaw of a flawed prompt.</summary>
    public string? FlawType { get => _flawType; init => _flawType = value; }

    /// <summary>The sample number within the cell, from 0.</summary>
    public int? SampleIndex { get => _sampleIndex; init => _sampleIndex = value; }

    /// <inheritdoc/>
    public void Serialize(IXunitSerializationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        info.AddValue(nameof(Model), _model);
        info.AddValue(nameof(Provider), _provider);
        info.AddValue(nameof(PromptType), _promptType);
        info.AddValue(nameof(Difficulty), _difficulty);
        info.AddValue(nameof(TaskType), _taskType);
        info.AddValue(nameof(ToolSuccessRate), _toolSuccessRate?.ToString("R", CultureInfo.InvariantCulture));
        info.AddValue(nameof(FlawType), _flawType);
        info.AddValue(nameof(SampleIndex), _sampleIndex?.ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc/>
    public void Deserialize(IXunitSerializationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        _model = info.GetValue<string?>(nameof(Model));
        _provider = info.GetValue<string?>(nameof(Provider));
        _promptType = info.GetValue<string?>(nameof(PromptType));
        _difficulty = info.GetValue<string?>(nameof(Difficulty));
        _taskType = info.GetValue<string?>(nameof(TaskType));
        _toolSuccessRate = info.GetValue<string?>(nameof(ToolSuccessRate)) is { } rate ? double.Parse(rate, CultureInfo.InvariantCulture) : null;
        _flawType = info.GetValue<string?>(nameof(FlawType));
        _sampleIndex = info.GetValue<string?>(nameof(SampleIndex)) is { } index ? int.Parse(index, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>The set values joined by '/', then <c>#</c> and the sample, e.g. <c>gpt-4o/optimal/easy/simple_task#0</c>; test explorers show it.</summary>
    public override string ToString()
    {
        var parts = new[] { _model, _provider, _promptType, _difficulty, _taskType, _flawType, _toolSuccessRate?.ToString("0.###", CultureInfo.InvariantCulture) }
            .Where(p => p is not null);
        var text = new StringBuilder(string.Join('/', parts));
        if (_sampleIndex is { } sample)
        {
            text.Append(CultureInfo.InvariantCulture, $"#{sample}");
        }

        return text.ToString();
    }
}
