namespace RunnerHarness.ObjectStorage.Tests.EmulatorInstall;

/// <summary>A fact about the build's emulator install, which runs on Linux and macOS only (<c>tests/emulators/Emulators.proj</c>); skipped on Windows, saying so.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "The build installs the emulators with npm on Linux and macOS only; on Windows run `npm ci` in tests/emulators.";
        }
    }
}
