using RunnerHarness.Matrix;
using RunnerHarness.Planning;

namespace RunnerHarness.Tests.Planning;

/// <summary>
/// Planning finds a row by its cell key and sample index instead of by its whole case key (issue 25): the keys it
/// gives the rows it runs must be those <see cref="CaseKey.For"/> writes, and a held key must hold exactly the row of
/// the same key.
/// </summary>
public sealed class PlannedSamplesTests
{
    private const string Assembly = "WorkflowBench.Tests";
    private const string TestClass = "WorkflowBench.ToolUseBatch";
    private const string TestMethod = "Run";

    private static readonly MatrixSample Cell = SameCellComparerTests.Sample with { SampleIndex = 0 };

    // Escaped characters, unicode, an empty value, a cell without custom axes and one with many.
    private static readonly MatrixSample[] Cells =
    [
        Cell,
        Cell with { Model = "claude|sonnet=4#beta%2", Dimensions = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["persona"] = "Zoë, Grüße 日本語", ["note"] = string.Empty } },
        Cell with { Difficulty = "easy", Dimensions = new SortedDictionary<string, string>(StringComparer.Ordinal) },
        Cell with
        {
            TaskType = "simple_task",
            Dimensions = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["a|b"] = "c=d", ["locale"] = "fr-FR", ["region"] = "eu#west", ["seed"] = "42", ["shots"] = "3", ["temperature"] = "0.2", ["top_p"] = "0.95",
            },
        },
    ];

    private static readonly IReadOnlyList<MatrixSample> Rows = [.. Cells.SelectMany(cell => Enumerable.Range(0, 12).Select(sample => cell with { SampleIndex = sample }))];

    [Fact]
    public void KeysAndLabels_EveryRowAndCell_AreThoseCaseKeyAndMatrixSampleWrite()
    {
        var planned = new PlannedSamples(Assembly, TestClass, TestMethod, Rows, 12, modelIdOf: null);

        Assert.Equal(Rows.Select(row => CaseKey.For(Assembly, TestClass, TestMethod, row)), Rows.Select((_, i) => planned.KeyOf(i)));
        Assert.Equal(Cells.Select(cell => CaseKey.ForCell(Assembly, TestClass, TestMethod, cell)), planned.CellKeys);
        Assert.Equal(Cells.Select(cell => cell.CellLabel), planned.CellLabels);
        Assert.Equal(Rows.Select((_, i) => i / 12), Rows.Select((_, i) => planned.CellOf(i)));
    }

    [Fact]
    public void AddHeld_WholeKeys_HoldTheRowOfTheSameKeyOnly()
    {
        var planned = new PlannedSamples(Assembly, TestClass, TestMethod, Rows, 12, modelIdOf: null);
        var cellKey = planned.CellKeys[1];

        // The row's own key, a key whose sample part is not the plain decimal a planned key has, another batch's key, and a fact's key.
        planned.AddHeld(
            new Dictionary<string, int[]>(StringComparer.Ordinal),
            [$"{cellKey}|#7", $"{cellKey}|#03", CaseKey.For(Assembly, TestClass, "Smoke", Rows[5]), cellKey],
            modelId: null);

        Assert.Equal([19], Rows.Select((_, i) => i).Where(planned.IsHeld));
    }

    [Fact]
    public void AddHeld_SamplesOfAModel_HoldTheRowsOfThatModelOrAnUnknownOne()
    {
        var planned = new PlannedSamples(Assembly, TestClass, TestMethod, Rows, 12, row => row.Model == Cell.Model ? null : "claude-sonnet-4-20250514");
        var held = new Dictionary<string, int[]>(StringComparer.Ordinal) { [planned.CellKeys[0]] = [0, 11], [planned.CellKeys[1]] = [2, 40] };

        planned.AddHeld(held, [], "claude-sonnet-4-20250101");
        Assert.Equal([0, 11], Rows.Select((_, i) => i).Where(planned.IsHeld));

        planned.AddHeld(held, [], "claude-sonnet-4-20250514");
        Assert.Equal([0, 11, 14], Rows.Select((_, i) => i).Where(planned.IsHeld));
    }

    [Fact]
    public void Constructor_TheSameSampleTwice_Throws()
    {
        IReadOnlyList<MatrixSample> rows = [.. Rows, Cells[3] with { SampleIndex = 4 }];

        var error = Assert.Throws<ArgumentException>(() => new PlannedSamples(Assembly, TestClass, TestMethod, rows, 12, modelIdOf: null));

        Assert.Contains("appears twice", error.Message, StringComparison.Ordinal);
    }
}
