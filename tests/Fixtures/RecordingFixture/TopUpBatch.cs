using RunnerHarness.Xunit;

namespace RecordingFixture;

/// <summary>
/// A 2x2x2 model batch, 3 samples per cell. With FIXTURE_FAIL_FAST_AFTER=K, the row after the K-th started row
/// kills the test host, so a run can be interrupted halfway.
/// </summary>
public sealed class TopUpBatch
{
    private static int _started;

    [Theory]
    [ModelMatrix(Models = ["model-a", "model-b"], Difficulties = ["easy", "hard"], TaskTypes = ["simple_task", "data_pipeline"], SamplesPerCell = 3)]
    public async Task Run(ModelCase modelCase)
    {
        ArgumentNullException.ThrowIfNull(modelCase);
        if (int.TryParse(Environment.GetEnvironmentVariable("FIXTURE_FAIL_FAST_AFTER"), out var after) && Interlocked.Increment(ref _started) > after)
        {
            Environment.FailFast($"TopUpBatch kills the test host after {after} rows on purpose.");
        }

        await Task.Delay(10);
        ModelTestContext.Current.Turns = modelCase.SampleIndex;
    }
}
