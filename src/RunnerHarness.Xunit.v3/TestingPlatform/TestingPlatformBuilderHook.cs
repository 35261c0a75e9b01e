using Microsoft.Testing.Platform.Builder;
using Microsoft.Testing.Platform.Services;

namespace RunnerHarness.Xunit.TestingPlatform;

/// <summary>
/// Registers the harness with Microsoft.Testing.Platform. The entry point MTP generates for an <c>xunit.v3</c> project calls
/// <see cref="AddExtensions"/> because the package's targets add this type as a <c>TestingPlatformBuilderHook</c> item;
/// under VSTest (<c>xunit.v3.mtp-off</c>) nothing calls it.
/// </summary>
public static class TestingPlatformBuilderHook
{
    /// <summary>
    /// Adds the harness's command-line options (one per setting: <c>--storage-format</c>, <c>--store</c>, <c>--run-id</c>, ...)
    /// and the session handler that hands them and the <c>testconfig.json</c> section to the recording session and shows the
    /// harness's lines (<see cref="HarnessTestSessionHandler"/>).
    /// </summary>
    /// <param name="testApplicationBuilder">The test application's builder.</param>
    /// <param name="_">The command-line arguments; MTP parses them.</param>
    public static void AddExtensions(ITestApplicationBuilder testApplicationBuilder, string[] _)
    {
        ArgumentNullException.ThrowIfNull(testApplicationBuilder);
        testApplicationBuilder.CommandLine.AddProvider(static () => new HarnessCommandLineOptionsProvider());
        testApplicationBuilder.TestHost.AddTestSessionLifetimeHandler(static services => new HarnessTestSessionHandler(
            services.GetCommandLineOptions(), services.GetConfiguration(), services.GetOutputDevice(), services.GetMessageBus()));
    }
}
