using RunnerHarness.Xunit.Configuration;

namespace RunnerHarness.Xunit.TestingPlatform;

/// <summary>
/// What a Microsoft.Testing.Platform run hands the recording session of its test host: the harness settings it was given and
/// the way to show a line on MTP's output. <see langword="null"/> under VSTest, where MTP does not run.
/// </summary>
/// <param name="Routes">The harness's command-line options and <c>testconfig.json</c> section.</param>
/// <param name="Display">Shows a line on MTP's output; <c>true</c> for an error.</param>
internal sealed record TestingPlatformRun(TestingPlatformRoutes Routes, Action<string, bool> Display)
{
    /// <summary>The run of this process, set by <see cref="HarnessTestSessionHandler"/> when the test session starts.</summary>
    public static TestingPlatformRun? Current { get; set; }
}
