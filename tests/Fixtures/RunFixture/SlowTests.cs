namespace RunFixture;

/// <summary>Rows that take a while when RUN_FIXTURE_SLOW=1, so a run can be interrupted in the middle.</summary>
public sealed class SlowTests
{
    public static TheoryData<int> Rows => [.. Enumerable.Range(0, 40)];

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Slow(int row)
    {
        if (Environment.GetEnvironmentVariable("RUN_FIXTURE_SLOW") == "1")
        {
            await Task.Delay(250);
        }

        Assert.InRange(row, 0, 39);
    }
}
