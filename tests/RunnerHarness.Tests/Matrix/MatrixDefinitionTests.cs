using RunnerHarness.Matrix;
using RunnerHarness.Settings;

namespace RunnerHarness.Tests.Matrix;

public sealed class MatrixDefinitionTests
{
    private static readonly MatrixDefinition Small = new()
    {
        Models = ["gpt-4o-mini", "gpt-5-mini"],
        PromptTypes = ["baseline", "optimal"],
        Difficulties = ["easy"],
        TaskTypes = ["simple_task"],
        ToolSuccessRates = [0.8],
        SamplesPerCell = 2,
    };

    [Fact]
    public void Expand_SmallMatrix_YieldsEverySampleOfEveryCellSampleMajorWithReadableNames()
    {
        var expansion = Small.Expand();

        Assert.Equal(4, expansion.CellCount);
        Assert.Equal(2, expansion.SamplesPerCell);
        Assert.Empty(expansion.Notes);
        Assert.Equal(
            [
                "gpt-4o-mini | baseline | easy | simple_task | 0.8 | #0",
                "gpt-4o-mini | optimal | easy | simple_task | 0.8 | #0",
                "gpt-5-mini | baseline | easy | simple_task | 0.8 | #0",
                "gpt-5-mini | optimal | easy | simple_task | 0.8 | #0",
                "gpt-4o-mini | baseline | easy | simple_task | 0.8 | #1",
                "gpt-4o-mini | optimal | easy | simple_task | 0.8 | #1",
                "gpt-5-mini | baseline | easy | simple_task | 0.8 | #1",
                "gpt-5-mini | optimal | easy | simple_task | 0.8 | #1",
            ],
            expansion.Rows.Select(r => r.ToString()));
        Assert.All(expansion.Rows, r => Assert.Equal(0.8, r.ToolSuccessRate));
    }

    [Fact]
    public void Expand_Twice_GivesTheSameRowsInTheSameOrder()
    {
        Assert.Equal(Small.Expand().Rows, Small.Expand().Rows);
    }

    [Fact]
    public void Expand_TargetOverride_GeneratesThatManySamples()
    {
        var rows = Small.Expand(samplesPerCell: 3).Rows;

        Assert.Equal(12, rows.Count);
        Assert.Equal([0, 1, 2], rows.Select(r => r.SampleIndex).Distinct().Order());
    }

    [Fact]
    public void Expand_WithProvidersAndCustomAxis_FillsProviderAndDimensions()
    {
        var matrix = new MatrixDefinition
        {
            Models = ["a", "b"],
            Providers = new Dictionary<string, string> { ["a"] = "openai", ["b"] = "azure" },
            CustomAxes = [new MatrixAxis("temperature", ["0", "0.7"])],
        };

        var rows = matrix.Expand().Rows;

        Assert.Equal(["a | openai | 0 | #0", "a | openai | 0.7 | #0", "b | azure | 0 | #0", "b | azure | 0.7 | #0"], rows.Select(r => r.ToString()));
        Assert.Equal("0.7", rows[1].Dimensions["temperature"]);
        Assert.Equal(["openai", "azure"], matrix.ProvidersInUse);
    }

    [Fact]
    public void Expand_Filter_KeepsAllowedValuesCaseInsensitivelyAndNotesUnknownOnes()
    {
        var filter = new MatrixFilter(["GPT-5-MINI", "gpt-6"], [], [], []);

        var expansion = Small.Expand(filter);

        Assert.All(expansion.Rows, r => Assert.Equal("gpt-5-mini", r.Model));
        Assert.Equal(2, expansion.CellCount);
        var note = Assert.Single(expansion.Notes);
        Assert.Contains("'gpt-6'", note, StringComparison.Ordinal);
        Assert.Contains("RUNNER_HARNESS_MODELS", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_FilterOnAxisTheMatrixLacks_NotesItHasNoEffect()
    {
        var expansion = new MatrixDefinition { Models = ["a"] }.Expand(new MatrixFilter([], [], ["hard"], []));

        Assert.Single(expansion.Rows);
        Assert.Contains("no difficulties axis", Assert.Single(expansion.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_FilterMatchingNoValue_FailsNamingAxisSettingAndValues()
    {
        var error = Assert.Throws<MatrixDefinitionException>(() => Small.Expand(new MatrixFilter([], [], ["hard"], [])));

        Assert.Contains("difficulties", error.Message, StringComparison.Ordinal);
        Assert.Contains("RUNNER_HARNESS_DIFFICULTIES", error.Message, StringComparison.Ordinal);
        Assert.Contains("'hard'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'easy'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_SettingsFilterMatchingNoValue_NamesWhereTheFilterWasSet()
    {
        var settings = new HarnessOptions()
            .AddMSBuildProperties(new Dictionary<string, string> { ["RunnerHarnessTaskTypes"] = "data_pipeline" })
            .Build("/work");

        var error = Assert.Throws<MatrixDefinitionException>(() => Small.Expand(settings));

        Assert.Contains("task types filter from MSBuild property RunnerHarnessTaskTypes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_SettingsWithTarget_UsesTargetSamples()
    {
        var settings = new HarnessOptions().AddEnvironment(n => n == "RUNNER_HARNESS_TARGET_SAMPLES" ? "5" : null).Build("/work");

        Assert.Equal(5, Small.Expand(settings).SamplesPerCell);
    }

    [Fact]
    public void Expand_Exclusion_LeavesOutMatchingCellsOnly()
    {
        var matrix = new MatrixDefinition
        {
            Models = ["a", "b"],
            Difficulties = ["easy", "hard"],
            ToolSuccessRates = [0.6, 0.8],
            Exclusions = [MatrixExclusion.Where("model", "b").And("difficulty", "hard"), MatrixExclusion.Where("tool_success_rate", "0.60")],
        };

        var rows = matrix.Expand().Rows;

        Assert.Equal(["a | easy | 0.8 | #0", "a | hard | 0.8 | #0", "b | easy | 0.8 | #0"], rows.Select(r => r.ToString()));
    }

    [Fact]
    public void Expand_ExclusionsRemovingEveryCell_FailsSayingSo()
    {
        var matrix = new MatrixDefinition { Models = ["a"], Exclusions = [MatrixExclusion.Where("model", "a")] };

        var error = Assert.Throws<MatrixDefinitionException>(() => matrix.Expand());

        Assert.Contains("exclusions remove every one of the 1 cells", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Expand_SamplesBelowOne_Fails(int samples)
    {
        var error = Assert.Throws<MatrixDefinitionException>(() => new MatrixDefinition { Models = ["a"], SamplesPerCell = samples }.Expand());

        Assert.Contains("1 or more", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<MatrixDefinition, string> InvalidDefinitions => new()
    {
        { new MatrixDefinition(), "declares no axis" },
        { new MatrixDefinition { Models = ["a", "a"] }, "'a' more than once" },
        { new MatrixDefinition { Models = ["a", " "] }, "blank value" },
        { new MatrixDefinition { ToolSuccessRates = [1.5] }, "not a number from 0 to 1" },
        { new MatrixDefinition { ToolSuccessRates = [0.8125] }, "more than 3 decimals" },
        { new MatrixDefinition { CustomAxes = [new MatrixAxis("model", ["x"])] }, "name of a record column" },
        { new MatrixDefinition { CustomAxes = [new MatrixAxis("t", [])] }, "'t' has no values" },
        { new MatrixDefinition { Models = ["a", "b"], Providers = new Dictionary<string, string> { ["a"] = "openai" } }, "not for 'b'" },
        { new MatrixDefinition { Models = ["a"], Providers = new Dictionary<string, string> { ["a"] = "openai", ["z"] = "x" } }, "given for 'z'" },
        { new MatrixDefinition { Models = ["a"], Exclusions = [MatrixExclusion.Where("difficulty", "hard")] }, "axis 'difficulty', which the matrix does not have" },
        { new MatrixDefinition { Models = ["a"], Exclusions = [MatrixExclusion.Where("model", "typo")] }, "the model 'typo'" },
    };

    [Theory]
    [MemberData(nameof(InvalidDefinitions))]
    public void Validate_InvalidDefinition_FailsNamingTheProblem(MatrixDefinition definition, string expected)
    {
        var error = Assert.Throws<MatrixDefinitionException>(definition.Validate);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("code", error.Message, StringComparison.Ordinal);
    }
}
