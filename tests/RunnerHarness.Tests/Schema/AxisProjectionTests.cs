using System.Globalization;
using System.Reflection;
using RunnerHarness.Matrix;
using RunnerHarness.Schema;
using RunnerHarness.Settings;

namespace RunnerHarness.Tests.Schema;

/// <summary>
/// The core's typed projections of the axis declarations (<c>[RecordColumn(Axis = ...)]</c> on <see cref="ResultRecord"/>),
/// each checked against the declarations read by reflection, and each used: a matrix list, its key in a matrix file and
/// its validation per listed axis; a filter list, its setting and its effect per filterable axis. A projection that lacks
/// a declared axis, or has one the declarations do not, fails here.
/// </summary>
public sealed class AxisProjectionTests
{
    private const string WorkingDirectory = "/work/dir";

    public static TheoryData<string> ListedColumns() => new(Declared(d => d.Axis == RecordAxisKind.Matrix && !d.GivenPerModel));

    public static TheoryData<string> FilterableColumns() => new(Declared(d => d.Filterable));

    [Fact]
    public void MatrixDefinition_ListedAxes_AreTheDeclaredMatrixAxesNotGivenPerModel_InDeclarationOrder()
    {
        Assert.Equal(Declared(d => d.Axis == RecordAxisKind.Matrix && !d.GivenPerModel), MatrixDefinition.ListedAxes.Select(a => a.Column));
        Assert.Equal([RecordColumns.Provider], Declared(d => d.GivenPerModel));
    }

    [Theory]
    [MemberData(nameof(ListedColumns))]
    public void MatrixFile_EachListedAxis_HasAKeyNamedAfterItsLabel_ThatGivesTheRowsItsValues(string column)
    {
        var axis = RecordAxes.Find(column)!;
        var (first, second) = TwoValues(axis);
        var key = axis.Label.Replace(' ', '_');

        var matrix = MatrixDefinition.Parse($$"""{ "{{key}}": [{{Json(first)}}, {{Json(second)}}] }""", "matrix.json");

        Assert.Equal([first, second], ((System.Collections.IEnumerable)ListOf(matrix, axis)).Cast<object>());
        Assert.Equal([first, second], matrix.Expand().Rows.Select(r => r.ValueOf(axis)));
    }

    [Theory]
    [MemberData(nameof(ListedColumns))]
    public void MatrixDefinition_EachListedAxis_IsValidated_ADuplicateValueIsRefusedNamingTheAxis(string column)
    {
        var axis = RecordAxes.Find(column)!;
        var (first, _) = TwoValues(axis);
        var key = axis.Label.Replace(' ', '_');

        var error = Assert.Throws<MatrixDefinitionException>(() => MatrixDefinition.Parse($$"""{ "{{key}}": [{{Json(first)}}, {{Json(first)}}] }""", "matrix.json"));

        Assert.Contains($"the {axis.Label} list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatrixFilter_Axes_AreTheDeclaredFilterableAxes_EachAListOfTheFilterAndASetting()
    {
        Assert.Equal(Declared(d => d.Filterable), MatrixFilter.Axes.Select(a => a.Column));
        Assert.Equal(MatrixFilter.Axes.Count, typeof(MatrixFilter).GetConstructors().Single(c => c.GetParameters().Length > 1).GetParameters().Length);
        Assert.Equal(MatrixFilter.Axes.Select(HarnessSettingDefinitions.FilterOf), HarnessSettingDefinitions.Filters);
        Assert.All(HarnessSettingDefinitions.Filters, s => Assert.Contains(s, HarnessSettingDefinitions.All));
    }

    [Theory]
    [MemberData(nameof(FilterableColumns))]
    public void FilterSetting_EachFilterableAxis_NamedAfterItsLabel_KeepsOnlyTheRowsItNames(string column)
    {
        var axis = RecordAxes.Find(column)!;
        var setting = HarnessSettingDefinitions.FilterOf(axis);
        var words = axis.Label.Split(' ');
        Assert.Equal("RUNNER_HARNESS_" + string.Join('_', words).ToUpperInvariant(), setting.EnvironmentVariable);
        Assert.Equal("RunnerHarness" + setting.Key, setting.MSBuildProperty);
        var matrix = WithList(new MatrixDefinition(), axis, ["gpt-4o-mini", "claude-3-5-haiku", "grok-3"]);

        var settings = new HarnessOptions()
            .AddEnvironment(name => name == setting.EnvironmentVariable ? "GROK-3, gpt-4o-mini" : null)
            .Build(WorkingDirectory);

        Assert.Equal(["GROK-3", "gpt-4o-mini"], settings.Filter.ValuesOf(axis));
        Assert.Equal(["gpt-4o-mini", "grok-3"], matrix.Expand(settings).Rows.Select(r => r.ValueOf(axis)));
    }

    [Fact]
    public void FilterOf_AnAxisNoRunFilters_IsRefusedNamingTheAxesThatAre()
    {
        var error = Assert.Throws<ArgumentException>(() => HarnessSettingDefinitions.FilterOf(RecordAxes.FlawType));

        Assert.Contains("flaw_type", error.Message, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", MatrixFilter.Axes.Select(a => a.Column)), error.Message, StringComparison.Ordinal);
    }

    // The columns of the axes whose declaration matches, in declaration order.
    private static string[] Declared(Func<RecordColumnAttribute, bool> matches) =>
        [.. RecordSchema.Columns
            .Select(c => (c.Name, Declaration: typeof(ResultRecord).GetProperty(c.Property)!.GetCustomAttribute<RecordColumnAttribute>()!))
            .Where(d => d.Declaration.Axis != 0 && matches(d.Declaration))
            .Select(d => d.Name)];

    private static PropertyInfo ListProperty(RecordAxis axis)
    {
        var name = string.Concat(axis.Label.Split(' ').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        return typeof(MatrixDefinition).GetProperty(name) ?? throw new Xunit.Sdk.XunitException($"MatrixDefinition has no list {name} for the axis {axis.Column}.");
    }

    private static object ListOf(MatrixDefinition matrix, RecordAxis axis) => ListProperty(axis).GetValue(matrix)!;

    private static MatrixDefinition WithList(MatrixDefinition matrix, RecordAxis axis, string[] values)
    {
        var copy = matrix with { };
        ListProperty(axis).SetValue(copy, values);
        return copy;
    }

    // Two values of the axis's type, as a real matrix lists them.
    private static (object First, object Second) TwoValues(RecordAxis axis) =>
        axis.Parse("0.8") is double ? (0.8, 0.95) : ("baseline", "flawed_tool_misuse");

    private static string Json(object value) => value is double d ? d.ToString(CultureInfo.InvariantCulture) : $"\"{value}\"";
}
