using RunnerHarness.Xunit;

namespace RecordingFixture;

/// <summary>50 rows per derived class; each derived class is its own collection, so they run in parallel.</summary>
public abstract class ParallelRows
{
    public static IEnumerable<object[]> Rows => Enumerable.Range(0, 50).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Rows), MemberType = typeof(ParallelRows))]
    public async Task Row(int sampleIndex)
    {
        await Task.Delay(sampleIndex % 3);
        ModelTestContext.Current.Turns = sampleIndex;
        ModelTestContext.Current.SetDimension("collection", GetType().Name);
    }
}
