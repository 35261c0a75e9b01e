namespace RunnerHarness.ObjectStorage.Tests.Emulators;

/// <summary>A theory against the object storage emulators, skipped only where Node.js is missing (see <see cref="EmulatorFactAttribute"/>).</summary>
public sealed class EmulatorTheoryAttribute : TheoryAttribute
{
    public EmulatorTheoryAttribute()
    {
        if (EmulatorProcess.NodePath is null)
        {
            Skip = new EmulatorFactAttribute().Skip;
        }
    }
}
