using RunnerHarness.Matrix;
using RunnerHarness.Models.Simulation;

namespace RunnerHarness.Models.Tests.Simulation;

public sealed class SimulatedModelProfileTests
{
    [Theory]
    [InlineData("sim-small", 0.55)]
    [InlineData("SIM-LARGE", 0.88)]
    public void For_KnownName_GivesItsProfile(string model, double skill) =>
        Assert.Equal(skill, SimulatedModelProfile.For(model).Skill);

    [Fact]
    public void For_UnknownName_PlaysTheMediumProfileUnderItsOwnName()
    {
        var profile = SimulatedModelProfile.For("gpt-4o-mini");

        Assert.Equal("gpt-4o-mini", profile.Name);
        Assert.Equal(SimulatedModelProfile.Medium with { Name = "gpt-4o-mini" }, profile);
    }

    [Fact]
    public void Competence_PromptAndDifficulty_MoveTheProfileSkill()
    {
        var sample = new MatrixSample { PromptType = "baseline", Difficulty = "medium" };

        Assert.Equal(0.72, SimulatedSkill.Competence(SimulatedModelProfile.Medium, sample), 3);
        Assert.Equal(0.72 + 0.08 + 0.12, SimulatedSkill.Competence(SimulatedModelProfile.Medium, sample with { PromptType = "optimal", Difficulty = "very_easy" }), 3);
        Assert.Equal(0.72 - 0.10 - 0.24, SimulatedSkill.Competence(SimulatedModelProfile.Medium, sample with { PromptType = "flawed_tool_misuse", Difficulty = "very_hard" }), 3);
        Assert.Equal(0.72, SimulatedSkill.Competence(SimulatedModelProfile.Medium, null), 3);
    }

    [Theory]
    [InlineData("flawed_sequence_disorder", "sequence_disorder")]
    [InlineData("optimal", null)]
    [InlineData(null, null)]
    public void FlawOf_PromptType_GivesTheFlaw(string? promptType, string? flaw) =>
        Assert.Equal(flaw, SimulatedSkill.FlawOf(promptType));
}
