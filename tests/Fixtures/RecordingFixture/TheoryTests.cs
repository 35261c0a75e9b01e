using RunnerHarness.Xunit;

namespace RecordingFixture;

public sealed class TheoryTests
{
    public static TheoryData<ModelCase> Cases => new()
    {
        new ModelCase("gpt-4o", "optimal", "easy", "simple_task", 0) { ToolSuccessRate = 0.8 },
        new ModelCase("gpt-4o", "optimal", "easy", "simple_task", 1) { ToolSuccessRate = 0.8 },
    };

    public static IEnumerable<object[]> RuntimeCases =>
    [
        [new ModelCase("claude", "flawed", "hard", "multi_stage_pipeline", 0) { FlawType = "tool_misuse" }],
        [new ModelCase("claude", "flawed", "hard", "multi_stage_pipeline", 1) { FlawType = "tool_misuse" }],
    ];

    public static IEnumerable<object[]> Workloads =>
    [
        [new Workload("search"), 0.9],
        [new Workload("broken"), 0.5],
    ];

    // Pre-enumerated at discovery: the arguments travel with the test case.
    [Theory]
    [InlineData("gpt-4o", "optimal", 0, 1.5)]
    [InlineData("gpt-4o", "optimal", 1, 2.5)]
    [InlineData("broken-model", "optimal", 0, 3.5)]
    [InlineData("gpt-4o", "skipped", 2, 0.0, Skip = "row skipped")]
    public void InlineRows(string model, string prompt_type, int sampleIndex, double temperature)
    {
        Assert.NotEqual("broken-model", model);
        ModelTestContext.Current.SetMetric("echo", temperature + sampleIndex + prompt_type.Length);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CaseRows(ModelCase modelCase)
    {
        ArgumentNullException.ThrowIfNull(modelCase);
        ModelTestContext.Current.ToolCalls = modelCase.SampleIndex;
    }

    // Enumerated at run time: xUnit's result messages carry no arguments for these rows.
    [Theory]
    [MemberData(nameof(RuntimeCases), DisableDiscoveryEnumeration = true)]
    public async Task RuntimeCaseRows(ModelCase modelCase)
    {
        ArgumentNullException.ThrowIfNull(modelCase);
        await Task.Yield();
        ModelTestContext.Current.Turns = 10 + modelCase.SampleIndex;
    }

    // Not serializable, so enumerated at run time as well.
    [Theory]
    [MemberData(nameof(Workloads))]
    public void WorkloadRows(Workload workload, double toolSuccessRate)
    {
        ArgumentNullException.ThrowIfNull(workload);
        Assert.True(toolSuccessRate > 0.6, $"{workload} needs a higher tool success rate");
    }
}
