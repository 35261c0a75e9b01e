using RunnerHarness.Tests;

namespace RunnerHarness.Cli.Tests.Commands;

/// <summary>
/// The projects <see cref="RunCommandTests"/> hands to <c>runner-harness run</c>, built once for the class with one
/// <c>dotnet build</c> of a solution listing them (one MSBuild start and evaluation of the shared imports instead of one per
/// run): each `run` then takes <c>--no-build</c>, but for the one test that shows `run` building the project itself.
/// </summary>
public sealed class RunProjects
{
    public RunProjects()
    {
        using var folder = new TemporaryDirectory();
        var solution = Path.Combine(folder.Path, "run-projects.slnx");
        File.WriteAllText(solution, $"""
            <Solution>
            {string.Concat(new[] { RunFixture, RecordingFixture, WorkflowBench }.Select(p => $"  <Project Path=\"{p}\" />\n"))}</Solution>
            """);
        ChildProcess.Dotnet(["build", solution, "--nologo", "-v:q", "-nodeReuse:false"]).Succeeded();
    }

    /// <summary>tests/Fixtures/RunFixture: plain tests, one failing on purpose, rows that hold while <c>RUN_FIXTURE_HOLD</c> is set.</summary>
    public string RunFixture { get; } = Path.Combine(RepositoryFolder.Root, "tests", "Fixtures", "RunFixture", "RunFixture.csproj");

    /// <summary>tests/Fixtures/RecordingFixture: model-calling batches, for budgets and provider limits.</summary>
    public string RecordingFixture { get; } = Path.Combine(RepositoryFolder.Root, "tests", "Fixtures", "RecordingFixture", "RecordingFixture.csproj");

    /// <summary>The sample study, samples/WorkflowBench.</summary>
    public string WorkflowBench { get; } = Path.Combine(RepositoryFolder.Root, "samples", "WorkflowBench", "WorkflowBench.csproj");
}
