namespace RecordingFixture;

/// <summary>
/// Where two `dotnet test` runs of this fixture meet (RunParametersBridgeRaceTests): each test host has read its harness
/// settings before any test runs, says so in RECORDING_FIXTURE_MEETING/read, and waits until the other run's test host
/// has too, so both are alive with their parameters read at the same time.
/// </summary>
public sealed class RunParametersMeeting
{
    private const int Runs = 2;

    [Fact]
    public void BothRunsHaveReadTheirParameters()
    {
        var meeting = Environment.GetEnvironmentVariable("RECORDING_FIXTURE_MEETING");
        Assert.False(string.IsNullOrEmpty(meeting), "RECORDING_FIXTURE_MEETING names the folder where the runs meet; set it to run this test.");
        var read = Directory.CreateDirectory(Path.Combine(meeting, "read")).FullName;
        File.WriteAllText(Path.Combine(read, $"{Environment.ProcessId}.read"), string.Empty);

        // Bounded so that a lone run fails with a message instead of hanging the suite.
        var giveUp = DateTime.UtcNow.AddMinutes(5);
        while (Directory.GetFiles(read, "*.read").Length < Runs)
        {
            Assert.True(DateTime.UtcNow < giveUp, $"the other run's test host did not reach {read} within 5 minutes");
            Thread.Sleep(50);
        }
    }
}
