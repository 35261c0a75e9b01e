namespace RunFixture;

/// <summary>
/// Rows that let a run be interrupted in the middle. With RUN_FIXTURE_HOLD=1 the first two rows a test host starts
/// pass at once and every later one holds until the host is stopped, so an interrupt always meets recorded results
/// and unfinished rows, however busy the machine is. (xUnit orders rows by their unique id, not by row number.)
/// </summary>
public sealed class SlowTests
{
    private static readonly TaskCompletionSource NeverReleased = new();
    private static int _started;

    public static TheoryData<int> Rows => [.. Enumerable.Range(0, 40)];

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Slow(int row)
    {
        if (Environment.GetEnvironmentVariable("RUN_FIXTURE_HOLD") == "1" && Interlocked.Increment(ref _started) > 2)
        {
            await NeverReleased.Task;
        }

        Assert.InRange(row, 0, 39);
    }
}
