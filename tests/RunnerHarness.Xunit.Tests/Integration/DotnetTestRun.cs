using System.Diagnostics;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>One finished `dotnet test` process: its exit code and everything it printed.</summary>
public sealed record DotnetTestRun(int ExitCode, string Output)
{
    /// <summary>Runs `dotnet test` with <paramref name="arguments"/> and extra environment variables, without building.</summary>
    public static DotnetTestRun Start(string project, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        Dotnet(new[] { "test", project, "--no-build", "--nologo" }.Concat(arguments), environment);

    /// <summary>Runs `dotnet` with <paramref name="arguments"/> (e.g. `msbuild -t:RunnerHarnessShards`) and extra environment variables.</summary>
    public static DotnetTestRun Dotnet(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var run = ChildProcess.Run("dotnet", arguments, FixtureProjects.RepositoryRoot, environment);
        return new DotnetTestRun(run.ExitCode, run.Output);
    }

    /// <summary>How `dotnet` is started for a fixture: from the repository root, without the outer run's harness variables, plus <paramref name="environment"/>.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        ChildProcess.StartInfo("dotnet", arguments, FixtureProjects.RepositoryRoot, environment);
}
