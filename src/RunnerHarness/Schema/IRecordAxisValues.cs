namespace RunnerHarness.Schema;

/// <summary>
/// What a record's matrix cell and sample are read from, as both a built <see cref="ResultRecord"/> and a
/// <see cref="ResultRecordBuilder"/> hold it: the test, the axis columns and the custom dimensions. The recorder
/// computes a case key (assembly, test, cell, sample) from the builder before the record exists; every reader of axes reads through this.
/// </summary>
public interface IRecordAxisValues
{
    /// <inheritdoc cref="ResultRecord.Assembly"/>
    string? Assembly { get; }

    /// <inheritdoc cref="ResultRecord.TestClass"/>
    string? TestClass { get; }

    /// <inheritdoc cref="ResultRecord.TestMethod"/>
    string? TestMethod { get; }

    /// <inheritdoc cref="ResultRecord.Model"/>
    string? Model { get; }

    /// <inheritdoc cref="ResultRecord.Provider"/>
    string? Provider { get; }

    /// <inheritdoc cref="ResultRecord.PromptType"/>
    string? PromptType { get; }

    /// <inheritdoc cref="ResultRecord.Difficulty"/>
    string? Difficulty { get; }

    /// <inheritdoc cref="ResultRecord.TaskType"/>
    string? TaskType { get; }

    /// <inheritdoc cref="ResultRecord.ToolSuccessRate"/>
    double? ToolSuccessRate { get; }

    /// <inheritdoc cref="ResultRecord.FlawType"/>
    string? FlawType { get; }

    /// <inheritdoc cref="ResultRecord.Item"/>
    string? Item { get; }

    /// <inheritdoc cref="ResultRecord.ItemHash"/>
    string? ItemHash { get; }

    /// <inheritdoc cref="ResultRecord.SampleIndex"/>
    int? SampleIndex { get; }

    /// <inheritdoc cref="ResultRecord.Dimensions"/>
    Dictionary<string, string>? Dimensions { get; }
}
