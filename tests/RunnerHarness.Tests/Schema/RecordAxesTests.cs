using System.Reflection;
using System.Text.Json.Serialization;
using RunnerHarness.Matrix;
using RunnerHarness.Schema;

namespace RunnerHarness.Tests.Schema;

/// <summary>
/// The axis table is generated from the axis declarations (<c>[RecordColumn(Axis = ...)]</c> on <see cref="ResultRecord"/>):
/// the record, its builder, a matrix sample, <see cref="IRecordAxisValues"/>, record dimensions, the sample's case key and
/// theory argument names all follow it, so a new axis is one declaration; these tests fail when a projection lacks one.
/// </summary>
public sealed class RecordAxesTests
{
    // One value of each axis's type, as a real matrix row would hold it.
    private static readonly Dictionary<string, object> Values = new(StringComparer.Ordinal)
    {
        [RecordColumns.Model] = "gpt-4o-mini",
        [RecordColumns.Provider] = "openai",
        [RecordColumns.PromptType] = "flawed_tool_misuse",
        [RecordColumns.Difficulty] = "very_hard",
        [RecordColumns.TaskType] = "data_pipeline",
        [RecordColumns.ToolSuccessRate] = 0.85,
        [RecordColumns.FlawType] = "tool_misuse",
        [RecordColumns.Item] = "capital-of-australia",
        [RecordColumns.ItemHash] = "3fa2c1d9e0b1",
        [RecordColumns.SampleIndex] = 4,
    };

    [Fact]
    public void All_IsTheFixedAxesInDeclarationOrder_CellAxesWithoutTheSampleIndex()
    {
        Assert.Equal(
            ["model", "provider", "prompt_type", "difficulty", "task_type", "tool_success_rate", "flaw_type", "sample_index", "item", "item_hash"],
            RecordAxes.All.Select(a => a.Column));
        Assert.Equal(RecordAxes.All.Where(a => a != RecordAxes.SampleIndex), RecordAxes.CellAxes);
        Assert.Equal(Enumerable.Range(0, RecordAxes.All.Count), RecordAxes.All.Select(a => a.Ordinal));
    }

    [Fact]
    public void All_IsEveryAxisDeclaredOnTheRecord_WithItsKindAndLabel()
    {
        var declared = typeof(ResultRecord).GetProperties()
            .Select(p => (Property: p, Declaration: p.GetCustomAttribute<RecordColumnAttribute>()))
            .Where(d => d.Declaration is { Axis: not 0 })
            .OrderBy(d => RecordSchema.Columns.Select(c => c.Property).ToList().IndexOf(d.Property.Name))
            .ToList();

        Assert.Equal(
            declared.Select(d => (d.Property.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name, d.Declaration!.Axis, d.Declaration.AxisLabel)),
            RecordAxes.All.Select(a => (a.Column, a.Kind, (string?)a.Label)));
        Assert.Equal(declared.Select(d => d.Property.Name), RecordSchema.Columns.Where(c => c.IsAxis).Select(c => c.Property));
        Assert.All(RecordAxes.All, a => Assert.Same(a, typeof(RecordAxes).GetProperty(PropertyName(a))!.GetValue(null)));
    }

    [Fact]
    public void AxisKinds_SayWhereTheValuesComeFrom_OnlyTheSampleIndexIsNoCellAxis()
    {
        Assert.Equal(RecordAxisKind.Dataset, RecordAxes.Item.Kind);
        Assert.Equal(RecordAxisKind.Derived, RecordAxes.ItemHash.Kind);
        Assert.Equal(RecordAxisKind.Sample, RecordAxes.SampleIndex.Kind);
        Assert.Equal(
            ["model", "provider", "prompt_type", "difficulty", "task_type", "tool_success_rate", "flaw_type"],
            RecordAxes.All.Where(a => a.Kind == RecordAxisKind.Matrix).Select(a => a.Column));
        Assert.All(RecordAxes.All, a => Assert.Equal(a.Kind != RecordAxisKind.Sample, a.IsCellAxis));
    }

    [Fact]
    public void IRecordAxisValues_EachAxis_HasAMemberOfTheRecordsType()
    {
        foreach (var axis in RecordAxes.All)
        {
            var member = typeof(IRecordAxisValues).GetProperty(PropertyName(axis));
            Assert.True(member is not null, $"IRecordAxisValues has no member {PropertyName(axis)} for the axis {axis.Column}.");
            Assert.Equal(typeof(ResultRecord).GetProperty(PropertyName(axis))!.PropertyType, member.PropertyType);
        }
    }

    [Fact]
    public void ResultRecord_EachAxis_HasATypedPropertyOfItsColumnThatTheAxisReadsAndWrites()
    {
        var columns = typeof(ResultRecord).GetProperties()
            .Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null)
            .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name, StringComparer.Ordinal);
        var builder = new ResultRecordBuilder();
        foreach (var axis in RecordAxes.All)
        {
            Assert.True(columns.ContainsKey(axis.Column), $"ResultRecord has no property for the axis {axis.Column}.");
            axis.Assign(builder, Values[axis.Column]);
            Assert.Equal(Values[axis.Column], axis.ValueOf(builder));
        }

        var record = builder.Build();
        foreach (var axis in RecordAxes.All)
        {
            Assert.Equal(Values[axis.Column], columns[axis.Column].GetValue(record));
            Assert.Equal(Values[axis.Column], axis.ValueOf(record));
        }
    }

    [Fact]
    public void MatrixSample_EachAxis_HasATypedPropertyNamedAfterItsColumn()
    {
        var sample = Full();
        foreach (var axis in RecordAxes.All)
        {
            var property = typeof(MatrixSample).GetProperty(PropertyName(axis));
            Assert.True(property is not null, $"MatrixSample has no property {PropertyName(axis)} for the axis {axis.Column}.");
            Assert.Equal(Values[axis.Column], property.GetValue(sample));
        }
    }

    [Fact]
    public void MatrixSample_ApplyToThenFromRecord_KeepsEveryAxisAndDimension()
    {
        var sample = Full() with { Dimensions = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["temperature"] = "0.2" } };
        var builder = new ResultRecordBuilder();

        sample.ApplyTo(builder);
        var record = builder.Build();
        var back = MatrixSample.FromRecord(record);

        Assert.Equal(sample, back);
        Assert.All(RecordAxes.All, a => Assert.Equal(Values[a.Column], back.ValueOf(a)));
        Assert.Equal("0.2", record.Dimensions!["temperature"]);
    }

    [Fact]
    public void CellValues_AreTheCellAxesAsText_ThenCustomAxes()
    {
        var sample = Full() with { Dimensions = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["temperature"] = "0.2" } };

        Assert.Equal(
            [.. RecordAxes.CellAxes.Select(a => a.Column), "temperature"],
            sample.CellValues().Select(p => p.Key));
        Assert.Equal("gpt-4o-mini | openai | flawed_tool_misuse | very_hard | data_pipeline | 0.85 | tool_misuse | capital-of-australia | 3fa2c1d9e0b1 | 0.2", sample.CellLabel);
    }

    [Fact]
    public void RecordDimensions_AxisColumns_ReadAsTheAxesText()
    {
        var builder = new ResultRecordBuilder();
        Full().ApplyTo(builder);
        var record = builder.Build();

        Assert.Equal(RecordAxes.All.Select(a => a.Column), RecordDimensions.ColumnNames.Take(RecordAxes.All.Count));
        Assert.All(RecordAxes.All, a => Assert.Equal(a.TextOf(record), RecordDimensions.ValueOf(record, a.Column)));
        Assert.Equal("0.85", RecordDimensions.ValueOf(record, RecordColumns.ToolSuccessRate));
        Assert.Equal("4", RecordDimensions.ValueOf(record, RecordColumns.SampleIndex));
    }

    [Fact]
    public void FormatThenParse_EachAxis_GivesTheValueBackExactly()
    {
        foreach (var axis in RecordAxes.All)
        {
            Assert.Equal(Values[axis.Column], axis.Parse(axis.Format(Values[axis.Column])));
        }

        Assert.Equal(0.123456789, RecordAxes.ToolSuccessRate.Parse(RecordAxes.ToolSuccessRate.Format(0.123456789)));
        Assert.Null(RecordAxes.Model.Parse(null));
    }

    [Fact]
    public void TryConvert_ArgumentsOfTheAxisKind_ConvertAndOthersDoNot()
    {
        Assert.True(RecordAxes.ToolSuccessRate.TryConvert(0.5f, out var rate));
        Assert.Equal(0.5, rate);
        Assert.True(RecordAxes.ToolSuccessRate.TryConvert("0.75", out rate));
        Assert.Equal(0.75, rate);
        Assert.True(RecordAxes.SampleIndex.TryConvert(7L, out var index));
        Assert.Equal(7, index);
        Assert.True(RecordAxes.Difficulty.TryConvert(DayOfWeek.Friday, out var text));
        Assert.Equal("Friday", text);
        Assert.False(RecordAxes.SampleIndex.TryConvert("seven", out _));
        Assert.False(RecordAxes.Model.TryConvert(new object(), out _));
    }

    [Fact]
    public void Assign_AValueOfAnotherType_IsRefusedNamingTheAxis()
    {
        var error = Assert.Throws<ArgumentException>(() => RecordAxes.SampleIndex.Assign(new ResultRecordBuilder(), "four"));

        Assert.Contains("sample_index", error.Message, StringComparison.Ordinal);
        Assert.Contains("Int32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CaseKey_OfASample_ListsItsCellAxesInTableOrder()
    {
        var key = CaseKey.For("WorkflowBench.Tests", "WorkflowBench.Batch", "Run", Full());

        Assert.Equal(
            "WorkflowBench.Tests#WorkflowBench.Batch.Run|model=gpt-4o-mini|provider=openai|prompt_type=flawed_tool_misuse|difficulty=very_hard|task_type=data_pipeline|tool_success_rate=0.85|flaw_type=tool_misuse|item=capital-of-australia|item_hash=3fa2c1d9e0b1|#4",
            key);
    }

    private static MatrixSample Full() =>
        RecordAxes.All.Aggregate(new MatrixSample(), (sample, axis) => sample.With(axis, Values[axis.Column]));

    private static string PropertyName(RecordAxis axis) =>
        string.Concat(axis.Column.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
