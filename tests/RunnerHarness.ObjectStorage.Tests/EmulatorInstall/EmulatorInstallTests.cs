using System.Runtime.Versioning;
using RunnerHarness.Testing;

namespace RunnerHarness.ObjectStorage.Tests.EmulatorInstall;

/// <summary>
/// <c>tests/emulators/Emulators.targets</c>, imported by the two test projects that start the emulators, run by a real
/// MSBuild build of two projects at once. npm is the boundary: a script on PATH that notes each call and installs
/// nothing, so every project that found the emulators missing would call it.
/// </summary>
public sealed class EmulatorInstallTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rh-emulatorinstall-").FullName;

    [UnixFact]
    [UnsupportedOSPlatform("windows")]
    public void Build_TwoProjectsImportingTheEmulatorsAtOnce_RunNpmCiOnce()
    {
        var emulators = Path.Combine(_root, "emulators") + Path.DirectorySeparatorChar;
        var calls = Path.Combine(_root, "npm-calls.txt");
        var bin = Directory.CreateDirectory(Path.Combine(_root, "bin")).FullName;
        var npm = Path.Combine(bin, "npm");
        File.WriteAllText(npm, "#!/bin/sh\necho \"$*\" >> \"$NPM_CALLS\"\n");
        File.SetUnixFileMode(npm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var targets = RepositoryFolder.PathOf("tests", "emulators", "Emulators.targets");
        foreach (var name in new[] { "StoreTests", "PackagingTests" })
        {
            File.WriteAllText(Path.Combine(_root, $"{name}.proj"), $"""
                <Project>
                  <PropertyGroup><EmulatorsDirectory>{emulators}</EmulatorsDirectory></PropertyGroup>
                  <Import Project="{targets}" />
                  <Target Name="Build" />
                </Project>
                """);
        }

        File.WriteAllText(Path.Combine(_root, "Tests.proj"), """
            <Project>
              <Target Name="Build">
                <MSBuild Projects="StoreTests.proj;PackagingTests.proj" Targets="Build" BuildInParallel="true" Properties="Configuration=Debug" />
              </Target>
            </Project>
            """);

        var build = ChildProcess.Run(
            "dotnet",
            ["msbuild", "Tests.proj", "-m:2", "-nodeReuse:false", "-nologo"],
            _root,
            new Dictionary<string, string>
            {
                ["PATH"] = $"{bin}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}",
                ["NPM_CALLS"] = calls,
            });

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Equal([$"ci --prefix {emulators} --no-audit --no-fund --loglevel=error"], File.ReadAllLines(calls));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
