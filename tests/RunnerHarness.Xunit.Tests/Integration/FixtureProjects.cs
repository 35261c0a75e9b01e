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

    /// <summary>The recording fixture's test assembly, as the build above leaves it (Debug, the configuration it builds).</summary>
    public static string RecordingAssembly { get; } = Path.Combine(Path.GetDirectoryName(Recording)!, "bin", "Debug", "net10.0", "RecordingFixture.dll");

    public static string MSBuildDefaults { get; } = Path.Combine(RepositoryRoot, "tests", "Fixtures", "MSBuildDefaultsFixture", "MSBuildDefaultsFixture.csproj");

    /// <summary>The runner-harness CLI, which the RunnerHarnessShards target runs.</summary>
    public static string Cli { get; } = Path.Combine(RepositoryRoot, "src", "RunnerHarness.Cli", "RunnerHarness.Cli.csproj");

    /// <summary>A project with TargetFrameworks, so `dotnet test` and RunnerHarnessShards run in its outer build.</summary>
    public static string MultiTarget { get; } = Path.Combine(RepositoryRoot, "tests", "Fixtures", "MultiTargetFixture", "MultiTargetFixture.csproj");

    /// <summary>
    /// `dotnet test` of <see cref="RecordingAssembly"/> with <paramref name="arguments"/> and <paramref name="environment"/>
    /// added: vstest.console and the test host as `dotnet test` of the project starts them, with the same settings (the
    /// project's are baked into the assembly, the environment reaches the host either way), without the MSBuild
    /// front-end, whose evaluation and VSTest target cost ~0.6 s of CPU a run (docs/testing.md). For claims about what the
    /// test host does; claims about `dotnet test` of a project, runsettings TestRunParameters (the bridge is an MSBuild
    /// target) and the package's targets run <see cref="Recording"/> with <see cref="ChildProcess.DotnetTest"/>.
    /// </summary>
    public static ProcessResult TestRecordingAssembly(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        ChildProcess.Dotnet(RecordingAssemblyTestArguments(arguments), environment);

    /// <summary>The arguments of <see cref="TestRecordingAssembly"/>, for tests that start and watch the process themselves.</summary>
    public static IReadOnlyList<string> RecordingAssemblyTestArguments(IEnumerable<string> arguments) => ["test", RecordingAssembly, .. arguments];

    /// <summary>The runner-harness CLI as the build above leaves it.</summary>
    public static string CliAssembly { get; } = Path.Combine(Path.GetDirectoryName(Cli)!, "bin", "Debug", "net10.0", "runner-harness.dll");

    /// <summary>The example runsettings file <paramref name="name"/> in the top-level build/ folder.</summary>
    public static string ExampleRunSettings(string name) => Path.Combine(RepositoryRoot, "build", name);

    /// <summary>Every plan the test hosts of run <paramref name="runId"/> wrote under a launcher, in <paramref name="store"/>'s log folder.</summary>
    internal static IReadOnlyList<PlannedBatch> PlansOf(string store, string runId) =>
        RunPlanLog.ReadAll(Path.Combine(new StoreLayout(store).RunLogDirectory(runId), RunPlanLog.DirectoryName));
}
