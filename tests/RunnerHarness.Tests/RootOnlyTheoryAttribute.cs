namespace RunnerHarness.Tests;

/// <summary>
/// A theory that needs root on Linux (it mounts a file system or makes files immutable); elsewhere it is skipped and says why. CI runs the
/// suite as root, so there it always runs.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootOnlyTheoryAttribute : TheoryAttribute
{
    public RootOnlyTheoryAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Skip = "Needs root on Linux (to mount a small tmpfs or set the immutable attribute); run the suite as root (as CI does) to include it.";
        }
    }
}
