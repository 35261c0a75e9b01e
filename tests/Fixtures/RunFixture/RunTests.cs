namespace RunFixture;

/// <summary>A few facts and theory rows; <see cref="Fails"/> fails on purpose so a shard's failure can be seen.</summary>
public sealed class RunTests
{
    [Fact]
    public void First() => Assert.True(true);

    [Fact]
    public void Second() => Assert.True(true);

    [Fact]
    public void Fails() => Assert.Fail("fails on purpose");

    [Theory]
    [InlineData("easy")]
    [InlineData("medium")]
    [InlineData("hard")]
    public void Rows(string difficulty) => Assert.NotEmpty(difficulty);
}
