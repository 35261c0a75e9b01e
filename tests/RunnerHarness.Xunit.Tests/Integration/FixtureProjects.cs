using RunnerHarness.Launching;
using RunnerHarness.Store;
using RunnerHarness.Tests;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>
/// Builds the fixture projects once for every integration test (both fixture collections share one build, done by the
/// first of them to start); tests then run them with --no-build.
/// </summary>
public sealed class FixtureProjects
{
    // One build per test process, whichever collection asks first: two builds of the same projects at once would write
    // the same files.
    private static readonly Lazy<bool> Built = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public FixtureProjects() => _ = Built.Value;

    private static bool Build()
    {
        // One build of a solution listing them all: one MSBuild start instead of four, and the projects build side by
        // side. The CLI is among them: the RunnerHarnessShards target runs it (Directory.Build.props points RunnerHarnessTool at its build).
        using var folder = new TemporaryDirectory();
        var solution = Path.Combine(folder.Path, "fixtures.slnx");
        File.WriteAllText(solution, $"""
            <Solution>
            {string.Concat(new[] { Cli, Recording, MSBuildDefaults, MultiTarget }.Select(p => $"  <Project Path=\"{p}\" />\n"))}</Solution>
            """);
        ChildProcess.Run("dotnet", ["build", solution, "--nologo", "-v:q"], RepositoryRoot).Succeeded();
        return true;
    }

    public static string RepositoryRoot => RepositoryFolder.Root;

    public static string Recording { get; } = Path.Combine(RepositoryRoot, "tests", "Fixtures", "RecordingFixture", "RecordingFixture.csproj");

    public static string MSBuildDefaults { get; } = Path.Combine(RepositoryRoot, "tests", "Fixtures", "MSBuildDefaultsFixture", "MSBuildDefaultsFixture.csproj");

    /// <summary>The runner-harness CLI, which the RunnerHarnessShards target runs.</summary>
    public static string Cli { get; } = Path.Combine(RepositoryRoot, "src", "RunnerHarness.Cli", "RunnerHarness.Cli.csproj");

    /// <summary>A project with TargetFrameworks, so `dotnet test` and RunnerHarnessShards run in its outer build.</summary>
    public static string MultiTarget { get; } = Path.Combine(RepositoryRoot, "tests", "Fixtures", "MultiTargetFixture", "MultiTargetFixture.csproj");

    /// <summary>The example runsettings file <paramref name="name"/> in the top-level build/ folder.</summary>
    public static string ExampleRunSettings(string name) => Path.Combine(RepositoryRoot, "build", name);

    /// <summary>Every plan the test hosts of run <paramref name="runId"/> wrote under a launcher, in <paramref name="store"/>'s log folder.</summary>
    internal static IReadOnlyList<PlannedBatch> PlansOf(string store, string runId) =>
        RunPlanLog.ReadAll(Path.Combine(new StoreLayout(store).RunLogDirectory(runId), RunPlanLog.DirectoryName));
}
