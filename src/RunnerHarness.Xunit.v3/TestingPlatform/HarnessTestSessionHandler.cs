using System.Globalization;
using System.Reflection;
using Microsoft.Testing.Platform.CommandLine;
using Microsoft.Testing.Platform.Configurations;
using Microsoft.Testing.Platform.Extensions.Messages;
using Microsoft.Testing.Platform.Extensions.OutputDevice;
using Microsoft.Testing.Platform.Extensions.TestHost;
using Microsoft.Testing.Platform.Messages;
using Microsoft.Testing.Platform.OutputDevice;
using Microsoft.Testing.Platform.Services;
using RunnerHarness.Settings;
using RunnerHarness.Xunit.Configuration;

namespace RunnerHarness.Xunit.TestingPlatform;

/// <summary>
/// The harness's part of a Microsoft.Testing.Platform test session. When it starts: reads the harness's command-line options and
/// the <c>runnerHarness</c> section of <c>testconfig.json</c> (through MTP's own configuration, so <c>--config-file</c> counts
/// too) and hands them to the recording session (<see cref="TestingPlatformRun"/>). While it runs: shows the harness's lines
/// on MTP's output. When it ends: writes those lines to a file in the test results directory and publishes it as a session
/// artifact, which a plain <c>dotnet test</c> lists after the run. The file is needed because <c>dotnet test</c> (SDK 10.0.1xx
/// to 4xx) drops every informational line a test application writes on a passing run; see docs/xunit-v3.md.
/// </summary>
internal sealed class HarnessTestSessionHandler(ICommandLineOptions commandLineOptions, IConfiguration configuration, IOutputDevice outputDevice, IMessageBus messageBus)
    : ITestSessionLifetimeHandler, IDataProducer, IOutputDeviceDataProducer
{
    private readonly List<string> _lines = [];

    /// <inheritdoc/>
    public string Uid => "RunnerHarness.TestSession";

    /// <inheritdoc/>
    public string Version => typeof(HarnessTestSessionHandler).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <inheritdoc/>
    public string DisplayName => "RunnerHarness";

    /// <inheritdoc/>
    public string Description => "Records every test result into the RunnerHarness store.";

    /// <inheritdoc/>
    public Type[] DataTypesProduced => [typeof(SessionFileArtifact)];

    /// <inheritdoc/>
    public Task<bool> IsEnabledAsync() => Task.FromResult(true);

    /// <inheritdoc/>
    public Task OnTestSessionStartingAsync(ITestSessionContext testSessionContext)
    {
        var options = new List<KeyValuePair<SettingDefinition, string>>();
        foreach (var setting in HarnessSettingDefinitions.All)
        {
            if (commandLineOptions.TryGetOptionArgumentList(setting.CommandLineOption, out var arguments) && arguments is [var value])
            {
                options.Add(new(setting, value));
            }
        }

        TestingPlatformRun.Current = new TestingPlatformRun(new TestingPlatformRoutes(options, configuration[TestConfigSection.Name]), Display);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task OnTestSessionFinishingAsync(ITestSessionContext testSessionContext)
    {
        ArgumentNullException.ThrowIfNull(testSessionContext);
        TestingPlatformRun.Current = null;
        string[] lines;
        lock (_lines)
        {
            lines = [.. _lines];
        }

        if (lines.Length == 0)
        {
            // Discovery (--list-tests) records nothing and says nothing.
            return;
        }

        var name = Assembly.GetEntryAssembly()?.GetName().Name ?? "tests";
        var file = new FileInfo(Path.Combine(
            configuration.GetTestResultDirectory(),
            string.Create(CultureInfo.InvariantCulture, $"runner-harness_{name}_{DateTime.UtcNow:yyyy-MM-dd_HH_mm_ss.fff}_{Environment.ProcessId}.log")));
        try
        {
            file.Directory!.Create();
            await File.WriteAllLinesAsync(file.FullName, lines, testSessionContext.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The records are in the store either way; the run says why its lines are not listed rather than failing.
            var message = $"RunnerHarness: cannot write its log {file.FullName}: {ex.Message}";
            await Console.Error.WriteLineAsync(message).ConfigureAwait(false);
            await outputDevice.DisplayAsync(this, new ErrorMessageOutputDeviceData(message), testSessionContext.CancellationToken).ConfigureAwait(false);
            return;
        }

        await messageBus.PublishAsync(this, new SessionFileArtifact(
            testSessionContext.SessionUid, file, "RunnerHarness", "What RunnerHarness recorded: format, store, run id and record count")).ConfigureAwait(false);
    }

    private void Display(string line, bool error)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }

        // Session messages and errors are what MTP forwards to a `dotnet test` that speaks its protocol 1.3 or later; plain text
        // (TextOutputDeviceData), like xUnit's diagnostic messages, it drops there. MTP's own terminal shows both.
        IOutputDeviceData data = error ? new ErrorMessageOutputDeviceData(line) : new SessionMessageOutputDeviceData(line);

        // The harness's lines are few (settings at start, record count at the end); waiting keeps them in order.
        outputDevice.DisplayAsync(this, data, CancellationToken.None).GetAwaiter().GetResult();
    }
}
