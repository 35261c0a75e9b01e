namespace RecordingFixture;

/// <summary>Three results, then (with FIXTURE_CRASH=1) a test that kills the host; run in name order.</summary>
[TestCaseOrderer("RecordingFixture.NameOrderer", "RecordingFixture")]
public sealed class CrashTests
{
    [Fact]
    public void A_First()
    {
    }

    [Fact]
    public void B_Second()
    {
    }

    [Fact]
    public void C_Third()
    {
    }

    [Fact]
    public void Z_Crash()
    {
        if (Environment.GetEnvironmentVariable("FIXTURE_CRASH") == "1")
        {
            Environment.FailFast("RecordingFixture crashes the test host on purpose.");
        }
    }
}
