using System.Reflection;
using RunnerHarness.Launching;
using RunnerHarness.Settings;

namespace RunnerHarness.Xunit.Configuration;

/// <summary>
/// Resolves a test assembly's harness settings. Started by a launcher (<c>runner-harness run</c> or the
/// <c>RunnerHarnessShards</c> target, which set <see cref="LaunchSettingsFile.EnvironmentVariable"/>): every setting
/// comes from the launcher's file, the shard from <c>RUNNER_HARNESS_SHARD</c>, and no other route is read. Otherwise, in
/// ascending precedence: the MSBuild properties baked into the assembly as <c>AssemblyMetadata</c>, the runsettings
/// <c>TestRunParameters</c> handed over by the package's targets (<see cref="RunParametersBridge"/>), the
/// <c>testconfig.json</c> section under Microsoft.Testing.Platform, the test host's environment variables (which include
/// runsettings <c>RunConfiguration/EnvironmentVariables</c>), and the harness's MTP command-line options.
/// </summary>
internal static class HarnessSettingsLoader
{
    /// <summary>The metadata key under which the targets bake the project directory.</summary>
    public const string ProjectDirectoryKey = "RunnerHarnessProjectDirectory";

    /// <summary>The test project's directory baked in at build time, or the current directory when the assembly has none (as for the store path).</summary>
    public static string ProjectDirectoryOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .LastOrDefault(a => a.Key == ProjectDirectoryKey && !string.IsNullOrEmpty(a.Value))?.Value
            ?? Environment.CurrentDirectory;
    }

    /// <summary>
    /// Loads the settings. Relative store paths resolve against the test project's directory (baked in at
    /// build time), so every route, IDE and configuration of a project agrees; without it, the current directory.
    /// </summary>
    /// <param name="assembly">The test assembly.</param>
    /// <param name="getEnvironmentVariable">Reads the test host's environment.</param>
    /// <param name="utcNow">The time, for the runsettings bridge's staleness check.</param>
    /// <param name="testingPlatform">The options and <c>testconfig.json</c> section of a Microsoft.Testing.Platform run, or <see langword="null"/> under VSTest.</param>
    /// <exception cref="HarnessSettingsException">A value is invalid, the launcher's file cannot be read, or a launched run was also given MTP settings.</exception>
    public static LoadedSettings Load(Assembly assembly, Func<string, string?> getEnvironmentVariable, DateTime utcNow, TestingPlatformRoutes? testingPlatform = null)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var workingDirectory = ProjectDirectoryOf(assembly);
        if (getEnvironmentVariable(LaunchSettingsFile.EnvironmentVariable) is { Length: > 0 } launchFile)
        {
            if (testingPlatform is { CommandLineOptions.Count: > 0 })
            {
                // The launcher resolved every shard's settings once (the project's testconfig.json section included); a value
                // only this shard sees would split the run.
                throw new HarnessSettingsException(
                    $"RunnerHarness: this test host was started by runner-harness run, which hands every shard the same settings ({launchFile}), " +
                    $"but it was also given {testingPlatform.Describe()}. Give them to runner-harness run instead (--format, --store, --run-id, ...; docs/cli.md), or set them in the environment before it starts.");
            }

            var shard = HarnessSettingDefinitions.Shard;
            var handed = LaunchSettingsFile.Read(launchFile)
                .Set(shard, getEnvironmentVariable(shard.EnvironmentVariable), new SettingOrigin(SettingSource.EnvironmentVariable, shard.EnvironmentVariable));
            return new LoadedSettings(
                handed.Build(workingDirectory),
                [$"RunnerHarness: settings handed over by the launcher in {launchFile}; other routes are not read."],
                LaunchSettingsFile.PlanDirectoryOf(launchFile));
        }

        var metadata = assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Where(a => a.Key.StartsWith("RunnerHarness", StringComparison.Ordinal) && a.Value is not null)
            .GroupBy(a => a.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value!, StringComparer.Ordinal);
        var notes = new List<string>();
        var parameters = RunParametersBridge.Read(getEnvironmentVariable, utcNow, notes.Add);
        var options = new HarnessOptions()
            .AddMSBuildProperties(metadata)
            .AddRunSettingsParameters(parameters)
            .AddEnvironment(getEnvironmentVariable);
        testingPlatform?.AddTo(options);
        var settings = options.Build(workingDirectory);
        return new LoadedSettings(settings, notes, null);
    }
}
