using System.Diagnostics;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>
/// Builds the fixture projects once for every integration test (they share one collection, so they also
/// run one `dotnet test` at a time, which suits a 2-core machine); tests then run them with --no-build.
/// </summary>
public sealed class FixtureProjects
{
    public FixtureProjects()
    {
        foreach (var project in new[] { Recording, MSBuildDefaults, MultiTarget })
        {
            Build(project);
        }
    }

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Recording { get; } = Path.Combine(RepositoryRoot, "tests", "Fixtures", "RecordingFixture", "RecordingFixture.csproj");

    public static string MSBuildDefaults { get; } = Path.Combine(RepositoryRoot, "tests", "Fixtures", "MSBuildDefaultsFixture", "MSBuildDefaultsFixture.csproj");

    /// <summary>A project with TargetFrameworks, so `dotnet test` and RunnerHarnessShards run in its outer build.</summary>
    public static string MultiTarget { get; } = Path.Combine(RepositoryRoot, "tests", "Fixtures", "MultiTargetFixture", "MultiTargetFixture.csproj");

    /// <summary>The example runsettings file <paramref name="name"/> in the top-level build/ folder.</summary>
    public static string ExampleRunSettings(string name) => Path.Combine(RepositoryRoot, "build", name);

    private static void Build(string project)
    {
        var start = new ProcessStartInfo("dotnet", ["build", project, "--nologo", "-v:q", "-p:MSBuildTerminalLogger=false"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Building {project} failed ({process.ExitCode}):\n{output.Result}\n{error}");
        }
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RunnerHarness.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No RunnerHarness.sln above {AppContext.BaseDirectory}.");
    }
}
