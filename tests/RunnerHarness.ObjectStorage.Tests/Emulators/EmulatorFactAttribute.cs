namespace RunnerHarness.ObjectStorage.Tests.Emulators;

/// <summary>
/// A test against the object storage emulators, skipped only where they cannot start: Node.js is not on PATH. With Node.js
/// present, emulators that are not installed are a failure (run <c>npm ci</c> in <c>tests/emulators</c>; <c>.ci/run</c> does).
/// </summary>
public sealed class EmulatorFactAttribute : FactAttribute
{
    public EmulatorFactAttribute()
    {
        if (EmulatorProcess.NodePath is null)
        {
            Skip = "Node.js (node) is not on PATH: Azurite and s3rver, the emulators these tests start, run on it. Install Node.js 20+ and run `npm ci` in tests/emulators.";
        }
    }
}
