namespace RunnerHarness.Tests.Schema.Generation;

/// <summary>
/// An axis's value order and its place in the default grouping are facts of its one declaration: the repository's own
/// <c>Schema/ResultRecord.cs</c> with those facts edited, run through the generator, gives the axis table the edited
/// facts, and a declaration that cannot hold is a compile error naming the column, the bad value and what would be valid.
/// </summary>
public sealed class AxisFactsDeclarationTests
{
    private const string DeclaredDifficultyOrder = "ValueOrder = \"very_easy,easy,medium,hard,very_hard\"";
    private const string ToolSuccessRateDeclaration = "AxisLabel = \"tool success rates\", DefaultGroupingPosition = 3)]";
    private const string DifficultyGrouping = "ValueOrder = \"very_easy,easy,medium,hard,very_hard\", DefaultGroupingPosition = 4)]";

    private static readonly Lazy<string> Record = new(OneEditAxisTests.RecordDeclaration);

    [Fact]
    public void ReorderedValueOrder_AxisTableTakesTheNewOrder()
    {
        var reordered = Edit(DeclaredDifficultyOrder, "ValueOrder = \"very_hard,hard,medium,easy,very_easy\"");

        var table = GeneratorRun.Of(OneEditAxisTests.Sources(reordered), referenceCore: false).Generated("RecordAxes.g.cs");
        var asIs = GeneratorRun.Of(OneEditAxisTests.Sources(Record.Value), referenceCore: false).Generated("RecordAxes.g.cs");

        Assert.Contains("valueOrder: \"very_hard,hard,medium,easy,very_easy\"", table, StringComparison.Ordinal);
        Assert.DoesNotContain("valueOrder: \"very_easy,easy,medium,hard,very_hard\"", table, StringComparison.Ordinal);
        Assert.Contains("valueOrder: \"very_easy,easy,medium,hard,very_hard\"", asIs, StringComparison.Ordinal);
    }

    [Fact]
    public void SwappedGroupingPositions_AxisTableTakesTheNewPositions()
    {
        var swapped = Edit(ToolSuccessRateDeclaration, "AxisLabel = \"tool success rates\", DefaultGroupingPosition = 4)]")
            .Replace(DifficultyGrouping, "ValueOrder = \"very_easy,easy,medium,hard,very_hard\", DefaultGroupingPosition = 3)]", StringComparison.Ordinal);

        var run = GeneratorRun.Of(OneEditAxisTests.Sources(swapped), referenceCore: false);
        var table = run.Generated("RecordAxes.g.cs");

        Assert.Contains("NumberAxis(RecordColumns.ToolSuccessRate, \"tool success rates\", RecordAxisKind.Matrix, static r => r.ToolSuccessRate, static (b, v) => b.ToolSuccessRate = v, defaultGroupingPosition: 4);", table, StringComparison.Ordinal);
        Assert.Contains("valueOrder: \"very_easy,easy,medium,hard,very_hard\", defaultGroupingPosition: 3);", table, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Errors, e => e.Contains("DefaultGroupingPosition", StringComparison.Ordinal));
    }

    // A declaration edit and the words its compile error must have: the column, the bad value, what would be valid.
    public static TheoryData<string, string, string[]> BadFacts() => new()
    {
        {
            ToolSuccessRateDeclaration, "AxisLabel = \"tool success rates\", DefaultGroupingPosition = 3, ValueOrder = \"0.2,0.8\")]",
            ["ResultRecord.ToolSuccessRate", "double?", "only a string? axis takes ValueOrder"]
        },
        {
            DeclaredDifficultyOrder, "ValueOrder = \"easy,,hard\"",
            ["ResultRecord.Difficulty", "\"easy,,hard\"", "distinct, non-empty values separated by commas"]
        },
        {
            DeclaredDifficultyOrder, "ValueOrder = \"easy,hard,easy\"",
            ["ResultRecord.Difficulty", "\"easy,hard,easy\"", "distinct, non-empty values"]
        },
        {
            ToolSuccessRateDeclaration, "AxisLabel = \"tool success rates\", DefaultGroupingPosition = 4)]",
            ["ResultRecord.Difficulty", "ResultRecord.ToolSuccessRate", "share DefaultGroupingPosition 4", "its own position"]
        },
        {
            ToolSuccessRateDeclaration, "AxisLabel = \"tool success rates\", DefaultGroupingPosition = 7)]",
            ["ResultRecord.Difficulty", "DefaultGroupingPosition 4", "no axis has position 3", "without a gap"]
        },
        {
            ToolSuccessRateDeclaration, "AxisLabel = \"tool success rates\", DefaultGroupingPosition = -1)]",
            ["ResultRecord.ToolSuccessRate", "DefaultGroupingPosition -1", "must be 1 or more"]
        },
        {
            "[JsonPropertyName(\"host\")]\n    [RecordColumn(Since = 1)]", "[JsonPropertyName(\"host\")]\n    [RecordColumn(Since = 1, DefaultGroupingPosition = 6)]",
            ["ResultRecord.Host", "is not an axis", "only an axis (Axis = ...) takes ValueOrder or DefaultGroupingPosition"]
        },
    };

    [Theory]
    [MemberData(nameof(BadFacts))]
    public void FactThatCannotHold_IsACompileErrorNamingIt(string declared, string edited, string[] words)
    {
        var run = GeneratorRun.Of(OneEditAxisTests.Sources(Edit(declared, edited)), referenceCore: false);

        var error = Assert.Single(run.Errors, e => words.All(w => e.Contains(w, StringComparison.Ordinal)));
        Assert.Contains("error CS1029", error, StringComparison.Ordinal);
    }

    private static string Edit(string declared, string edited)
    {
        Assert.Contains(declared, Record.Value, StringComparison.Ordinal);
        return Record.Value.Replace(declared, edited, StringComparison.Ordinal);
    }
}
