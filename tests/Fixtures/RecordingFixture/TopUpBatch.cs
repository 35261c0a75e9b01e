using RunnerHarness.Xunit;

namespace RecordingFixture;

/// <summary>
/// A 2x2x2 model batch, 3 samples per cell. With FIXTURE_FAIL_FAST_AFTER=K, the row after the K-th started row
/// kills the test host, so a run can be interrupted halfway. With FIXTURE_HANG_AFTER=K, every row after the K-th
/// started row never finishes, so a test can kill the host (SIGKILL) once it sees K records, with rows in flight.
/// </summary>
public sealed class TopUpBatch
{
    private static int _started;
    private static int _startedBeforeHang;

    [Theory]
    [ModelMatrix(Models = ["model-a", "model-b"], Difficulties = ["easy", "hard"], TaskTypes = ["simple_task", "data_pipeline"], SamplesPerCell = 3)]
    public async Task Run(ModelCase modelCase)
    {
        ArgumentNullException.ThrowIfNull(modelCase);
        if (int.TryParse(Environment.GetEnvironmentVariable("FIXTURE_FAIL_FAST_AFTER"), out var after) && Interlocked.Increment(ref _started) > after)
        {
            Environment.FailFast($"TopUpBatch kills the test host after {after} rows on purpose.");
        }

        if (int.TryParse(Environment.GetEnvironmentVariable("FIXTURE_HANG_AFTER"), out var hangAfter) && Interlocked.Increment(ref _startedBeforeHang) > hangAfter)
        {
            await Task.Delay(Timeout.Infinite);
        }

        await Task.Delay(10);
        ModelTestContext.Current.Turns = modelCase.SampleIndex;
    }
}
