using RunnerHarness.Cli.Running;
using RunnerHarness.Tests;

namespace RunnerHarness.Cli.Tests.Running;

/// <summary>`runner-harness run` starts `dotnet test` with the options of the runner the SDK picks for the project.</summary>
public sealed class DotnetTestModeTests : IDisposable
{
    private readonly TemporaryDirectory _root = new();

    [Fact]
    public void QuietOptions_GlobalJsonNamesTestingPlatform_LeavesOutNologoWhichMtpRefuses()
    {
        var project = Project("EvalBatch");
        File.WriteAllText(Path.Combine(_root.Path, "global.json"), """{ "sdk": { "version": "10.0.100" }, "test": { "runner": "Microsoft.Testing.Platform" } }""");

        Assert.True(DotnetTestMode.UsesTestingPlatform(project));
        Assert.Empty(DotnetTestMode.QuietOptions(project));
    }

    [Fact]
    public void QuietOptions_NoTestRunnerInGlobalJson_PassesNologoToVSTest()
    {
        var project = Project("EvalBatch");
        File.WriteAllText(Path.Combine(_root.Path, "global.json"), """{ "sdk": { "version": "10.0.100" } }""");

        Assert.False(DotnetTestMode.UsesTestingPlatform(project));
        Assert.Equal(["--nologo"], DotnetTestMode.QuietOptions(project));
    }

    [Fact]
    public void UsesTestingPlatform_NearestGlobalJsonWins()
    {
        File.WriteAllText(Path.Combine(_root.Path, "global.json"), """{ "test": { "runner": "Microsoft.Testing.Platform" } }""");
        var project = Project("legacy/EvalBatch");
        File.WriteAllText(Path.Combine(_root.Path, "legacy", "global.json"), """{ "test": { "runner": "VSTest" } }""");

        Assert.False(DotnetTestMode.UsesTestingPlatform(project));
        Assert.True(DotnetTestMode.UsesTestingPlatform(Project("modern/EvalBatch")));
    }

    [Fact]
    public void StartOfDotnetTest_TestingPlatformProject_StartsInTheProjectFolderAndNamesItWithProject()
    {
        var project = Project("EvalBatch");
        File.WriteAllText(Path.Combine(_root.Path, "global.json"), """{ "test": { "runner": "Microsoft.Testing.Platform" } }""");

        Assert.Equal(Path.GetDirectoryName(project), DotnetTestMode.WorkingDirectory(project, "/home/user"));
        Assert.Equal(["--project", project], DotnetTestMode.ProjectArguments(project));
    }

    [Fact]
    public void StartOfDotnetTest_VSTestProject_StaysInTheWorkingDirectoryWithThePositionalProject()
    {
        var project = Project("EvalBatch");

        Assert.Equal("/home/user", DotnetTestMode.WorkingDirectory(project, "/home/user"));
        Assert.Equal([project], DotnetTestMode.ProjectArguments(project));
    }

    public void Dispose() => _root.Dispose();

    private string Project(string relative)
    {
        var directory = Path.Combine(_root.Path, relative);
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, Path.GetFileName(relative) + ".csproj");
        File.WriteAllText(file, "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        return file;
    }
}
