using RunnerHarness.Matrix;
using RunnerHarness.Schema;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Tests;

/// <summary>
/// A model case and the matrix attribute follow the axis table (<see cref="RecordAxes"/>): a property per axis, and a
/// serialized case (how test explorers keep a discovered row) that brings back every axis and the planned key.
/// </summary>
public sealed class ModelCaseTests
{
    private static readonly MatrixSample Sample = new()
    {
        Model = "claude-haiku-4",
        Provider = "anthropic",
        PromptType = "baseline",
        Difficulty = "hard",
        TaskType = "api_integration",
        ToolSuccessRate = 0.123456789,
        FlawType = "missing_step",
        Item = "capital-of-australia",
        ItemHash = "3fa2c1d9e0b1",
        SampleIndex = 2,
        Dimensions = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["temperature"] = "0.7" },
    };

    [Fact]
    public void ModelCase_EachAxis_HasAPropertyReadingTheSamplesValue()
    {
        var modelCase = new ModelCase(Sample);
        foreach (var axis in RecordAxes.All)
        {
            var property = typeof(ModelCase).GetProperty(Pascal(axis.Column));
            Assert.True(property is not null, $"ModelCase has no property {Pascal(axis.Column)} for the axis {axis.Column}.");
            Assert.Equal(Sample.ValueOf(axis), property.GetValue(modelCase));
        }
    }

    [Fact]
    public void SerializeThenDeserialize_APlannedCase_KeepsEveryAxisAndThePlannedKey()
    {
        var planned = new ModelCase(Sample, CaseKey.For("WorkflowBench", "WorkflowBench.Batch", "Run", Sample));

        var back = SerializationHelper.Deserialize<ModelCase>(SerializationHelper.Serialize(planned));

        Assert.Equal(planned, back);
        Assert.All(RecordAxes.All, a => Assert.Equal(Sample.ValueOf(a), back.Sample.ValueOf(a)));
        Assert.Equal(0.123456789, back.ToolSuccessRate);
        Assert.Equal("0.7", back.Dimensions["temperature"]);
        Assert.Equal(planned.PlannedCaseKey, back.PlannedCaseKey);
    }

    [Fact]
    public void SerializeThenDeserialize_AnUnplannedCase_HasNoPlannedKey()
    {
        var back = SerializationHelper.Deserialize<ModelCase>(SerializationHelper.Serialize(new ModelCase("gpt-4o-mini", "optimal", "easy", "simple_task", 3)));

        Assert.Null(back.PlannedCaseKey);
        Assert.Equal(3, back.SampleIndex);
        Assert.Null(back.ToolSuccessRate);
    }

    [Fact]
    public void ModelMatrixAttribute_EachCellAxis_HasAPropertyNamedAfterItsLabel()
    {
        // The axes of kind Dataset (the item) come from a dataset file, and Derived ones (its version) from the item:
        // a matrix declares neither, it names the dataset.
        Assert.NotNull(typeof(ModelMatrixAttribute).GetProperty(nameof(ModelMatrixAttribute.Dataset)));
        Assert.NotNull(typeof(MatrixDefinition).GetProperty(nameof(MatrixDefinition.Dataset)));
        foreach (var axis in RecordAxes.CellAxes.Where(a => a.Kind == RecordAxisKind.Matrix))
        {
            var name = Pascal(axis.Label.Replace(' ', '_'));
            Assert.True(typeof(ModelMatrixAttribute).GetProperty(name) is not null, $"[ModelMatrix] has no property {name} for the axis {axis.Column}.");
            Assert.True(typeof(MatrixDefinition).GetProperty(name) is not null, $"MatrixDefinition has no property {name} for the axis {axis.Column}.");
        }
    }

    private static string Pascal(string snake) =>
        string.Concat(snake.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
