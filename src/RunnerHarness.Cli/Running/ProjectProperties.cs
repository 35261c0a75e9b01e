using System.Diagnostics;
using System.Text.Json;
using RunnerHarness.Settings;

namespace RunnerHarness.Cli.Running;

/// <summary>The harness's MSBuild properties of a test project (the project's defaults), read by evaluating it with <c>dotnet msbuild -getProperty</c>.</summary>
internal static class ProjectProperties
{
    /// <summary>
    /// Every <c>RunnerHarness*</c> setting property the project sets, by name. Runs <c>dotnet msbuild</c> in
    /// <paramref name="workingDirectory"/>; no target runs, so nothing is built.
    /// </summary>
    /// <exception cref="CommandFailedException">The project cannot be evaluated (exit code <see cref="ExitCodes.BuildFailed"/>), with MSBuild's output.</exception>
    public static IReadOnlyDictionary<string, string> Read(string project, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in new[] { "msbuild", project, "-nologo", "-nodeReuse:false" }
            .Concat(HarnessSettingDefinitions.All.Select(s => $"-getProperty:{s.MSBuildProperty}")))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["MSBUILDTERMINALLOGGER"] = "false";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new CommandFailedException(
                ExitCodes.BuildFailed,
                $"error: evaluating {project} for its RunnerHarness properties failed (dotnet msbuild exited {process.ExitCode}):\n{output}{error.Result}");
        }

        using var document = JsonDocument.Parse(output);
        return document.RootElement.GetProperty("Properties").EnumerateObject()
            .Where(p => p.Value.GetString() is { Length: > 0 })
            .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }
}
