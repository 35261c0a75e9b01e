using System.Reflection;
using RunnerHarness.Matrix;
using RunnerHarness.Schema;
using RunnerHarness.Tests;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Tests;

public sealed class ModelMatrixAttributeTests : IDisposable
{
    private const string Batch = "Tests.Batch.Run";
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>The axes a matrix lists values of, from the record's axis declarations.</summary>
    public static TheoryData<string> ListedColumns() => new(MatrixDefinition.ListedAxes.Select(a => a.Column));

    [Theory]
    [MemberData(nameof(ListedColumns))]
    public void ToDefinition_EachListedAxis_TheArrayNamedAfterItsLabelGivesTheRowsItsValues_AndClashesWithAConfigFile(string column)
    {
        var axis = RecordAxes.Find(column)!;
        var name = string.Concat(axis.Label.Split(' ').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        var property = typeof(ModelMatrixAttribute).GetProperty(name);
        Assert.True(property is not null, $"[ModelMatrix] has no array {name} for the axis {column}.");
        Array values = property.PropertyType == typeof(double[]) ? new[] { 0.8, 0.95 } : new[] { "baseline", "flawed_tool_misuse" };
        var attribute = new ModelMatrixAttribute();
        property.SetValue(attribute, values);

        var rows = attribute.ToDefinition(_directory.Path, Batch).Expand().Rows;

        Assert.Equal(values.Cast<object>(), rows.Select(r => r.ValueOf(axis)));

        // The array declares the matrix, so with a config file it is a second place, which the attribute refuses.
        var withFile = new ModelMatrixAttribute("matrix.json");
        property.SetValue(withFile, values);
        var error = Assert.Throws<MatrixDefinitionException>(() => withFile.ToDefinition(_directory.Path, Batch));
        Assert.Contains("declare the matrix in one place", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToDefinition_AllProperties_GivesTheMatrixTheyDeclare()
    {
        var attribute = new ModelMatrixAttribute
        {
            Models = ["gpt-4o-mini", "gpt-5-mini"],
            Providers = ["gpt-4o-mini=openai", "gpt-5-mini = azure"],
            PromptTypes = ["baseline", "optimal"],
            Difficulties = ["easy", "hard"],
            TaskTypes = ["simple_task"],
            ToolSuccessRates = [0.8],
            FlawTypes = ["tool_misuse"],
            Axes = ["temperature=0, 0.7"],
            Exclude = ["model=gpt-5-mini, difficulty=hard"],
            SamplesPerCell = 3,
        };

        var expansion = attribute.ToDefinition(_directory.Path, Batch).Expand();

        // 2 x 2 x 2 x 1 x 1 x 1 x 2 = 16 cells, minus the 4 of gpt-5-mini on hard.
        Assert.Equal((12, 3, 36), (expansion.CellCount, expansion.SamplesPerCell, expansion.Rows.Count));
        Assert.Equal(
            "gpt-4o-mini | openai | baseline | easy | simple_task | 0.8 | tool_misuse | 0 | #0",
            expansion.Rows[0].ToString());
        Assert.DoesNotContain(expansion.Rows, r => r.Model == "gpt-5-mini" && r.Difficulty == "hard");
        Assert.Equal("azure", expansion.Rows.First(r => r.Model == "gpt-5-mini").Provider);
    }

    [Fact]
    public void ToDefinition_ConfigFile_ReadsItRelativeToTheProjectDirectoryAndSamplesOverride()
    {
        File.WriteAllText(Path.Combine(_directory.Path, "matrix.json"), """{ "models": ["a", "b"], "difficulties": ["easy"], "samples": 2 }""");

        var fromFile = new ModelMatrixAttribute("matrix.json").ToDefinition(_directory.Path, Batch);
        var overridden = new ModelMatrixAttribute("matrix.json") { SamplesPerCell = 5 }.ToDefinition(_directory.Path, Batch);

        Assert.Equal(["a", "b"], fromFile.Models);
        Assert.Equal(2, fromFile.SamplesPerCell);
        Assert.Equal(5, overridden.SamplesPerCell);
    }

    public static TheoryData<ModelMatrixAttribute, string> BadDeclarations() => new()
    {
        { new ModelMatrixAttribute(), "it declares no axis" },
        { new ModelMatrixAttribute { Models = ["a"], SamplesPerCell = 0 }, "samples per cell must be 1 or more, not 0" },
        { new ModelMatrixAttribute { Models = ["a"], Providers = ["a"] }, "the invalid Providers entry 'a'; write 'name=value'" },
        { new ModelMatrixAttribute { Models = ["a"], Axes = ["temperature"] }, "the invalid Axes entry 'temperature'" },
        { new ModelMatrixAttribute { Models = ["a"], Exclude = ["model"] }, "the invalid Exclude entry 'model'" },
        { new ModelMatrixAttribute("matrix.json") { Models = ["a"] }, "declare the matrix in one place" },
        { new ModelMatrixAttribute("missing.json"), "missing.json cannot be read" },
    };

    [Theory]
    [MemberData(nameof(BadDeclarations))]
    public void ToDefinition_BadDeclaration_ThrowsNamingTheProblem(ModelMatrixAttribute attribute, string message)
    {
        var error = Assert.Throws<MatrixDefinitionException>(() => attribute.ToDefinition(_directory.Path, Batch));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetData_OutsideTheRecordingFramework_ThrowsSayingWhatIsNeeded()
    {
        // This test project runs under xUnit's own framework, so there is no session to plan against.
        var method = typeof(ModelMatrixAttributeTests).GetMethod(nameof(GetData_OutsideTheRecordingFramework_ThrowsSayingWhatIsNeeded), BindingFlags.Public | BindingFlags.Instance)!;

        var error = Assert.Throws<InvalidOperationException>(() => new ModelMatrixAttribute { Models = ["a"] }.GetData(method));

        Assert.Contains("does not run under the RunnerHarness recording test framework", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToDefinition_Dataset_ReadsItRelativeToTheProjectDirectory_AndCrossesItsItemsWithTheModels()
    {
        File.WriteAllText(Path.Combine(_directory.Path, "questions.csv"), "id,question,answer\ngeo-capital-turkey,What is the capital city of Turkey?,Ankara\nfact-planet-red,Which planet is known as the Red Planet?,Mars\n");
        var attribute = new ModelMatrixAttribute { Models = ["sim-small", "sim-large"], Dataset = "questions.csv" };

        var rows = attribute.ToDefinition(_directory.Path, Batch).Expand().Rows;

        Assert.Equal(["sim-small/geo-capital-turkey", "sim-small/fact-planet-red", "sim-large/geo-capital-turkey", "sim-large/fact-planet-red"], rows.Select(r => $"{r.Model}/{r.Item}"));
        Assert.Equal("Ankara", new ModelCase(rows[0]).DatasetItem!.Text("answer"));
    }

    [Fact]
    public void ToDefinition_ConfigFileAndDataset_ThrowsAskingForOnePlace()
    {
        var error = Assert.Throws<MatrixDefinitionException>(() => new ModelMatrixAttribute("matrix.json") { Dataset = "questions.jsonl" }.ToDefinition(_directory.Path, Batch));

        Assert.Contains("also declares axes, providers, a dataset or exclusions; declare the matrix in one place", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SerializeThenDeserialize_ARowOfADataset_KeepsTheItemsFields()
    {
        File.WriteAllText(Path.Combine(_directory.Path, "questions.jsonl"), "{\"id\": \"units-feet-in-mile\", \"question\": \"How many feet are in one mile?\", \"answer\": \"5280\"}\n");
        var row = new ModelMatrixAttribute { Models = ["sim-medium"], Dataset = "questions.jsonl" }.ToDefinition(_directory.Path, Batch).Expand().Rows[0];

        var back = SerializationHelper.Deserialize<ModelCase>(SerializationHelper.Serialize(new ModelCase(row)));

        Assert.Equal(("units-feet-in-mile", row.ItemHash, 5280.0), (back.Item, back.ItemHash, back.DatasetItem!.Number("answer")));
        Assert.Equal(row.DatasetItem!.Hash, back.DatasetItem.Hash);
        Assert.Equal(1, back.DatasetItem.Line);
    }
}
