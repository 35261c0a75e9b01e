using RunnerHarness.Tests;

namespace RunnerHarness.Cli.Tests.Commands;

/// <summary>
/// The projects <see cref="RunCommandTests"/> and <see cref="RunProviderLimitTests"/> hand to <c>runner-harness run</c>,
/// built once for the test host with one <c>dotnet build</c> of a solution listing them (one MSBuild start and evaluation of
/// the shared imports instead of one per run or class): each `run` then takes <c>--no-build</c>, but for the one test that
/// shows `run` building the project itself.
/// </summary>
public sealed class RunProjects
{
    // The classes taking this fixture run beside each other: the first one builds, the other waits for that build (or its failure).
    private static readonly Lazy<bool> Built = new(Build);

    public RunProjects() => _ = Built.Value;

    private static bool Build()
    {
        using var folder = new TemporaryDirectory();
        var solution = Path.Combine(folder.Path, "run-projects.slnx");
        File.WriteAllText(solution, $"""
            <Solution>
            {string.Concat(new[] { RunFixturePath, RecordingFixturePath, WorkflowBenchPath }.Select(p => $"  <Project Path=\"{p}\" />\n"))}</Solution>
            """);
        ChildProcess.Dotnet(["build", solution, "--nologo", "-v:q", "-nodeReuse:false"]).Succeeded();
        return true;
    }

    /// <summary>tests/Fixtures/RunFixture: plain tests, one failing on purpose, rows that hold while <c>RUN_FIXTURE_HOLD</c> is set.</summary>
    public string RunFixture { get; } = RunFixturePath;

    /// <summary>tests/Fixtures/RecordingFixture: model-calling batches, for budgets and provider limits.</summary>
    public string RecordingFixture { get; } = RecordingFixturePath;

    /// <summary>The sample study, samples/WorkflowBench.</summary>
    public string WorkflowBench { get; } = WorkflowBenchPath;

    private static string RunFixturePath { get; } = Path.Combine(RepositoryFolder.Root, "tests", "Fixtures", "RunFixture", "RunFixture.csproj");

    private static string RecordingFixturePath { get; } = Path.Combine(RepositoryFolder.Root, "tests", "Fixtures", "RecordingFixture", "RecordingFixture.csproj");

    private static string WorkflowBenchPath { get; } = Path.Combine(RepositoryFolder.Root, "samples", "WorkflowBench", "WorkflowBench.csproj");
}
