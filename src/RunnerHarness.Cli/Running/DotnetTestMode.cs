using System.Text.Json;

namespace RunnerHarness.Cli.Running;

/// <summary>
/// Which test runner `dotnet test` uses for a project: the .NET 10 SDK runs Microsoft.Testing.Platform when the nearest
/// global.json above the project says <c>{"test": {"runner": "Microsoft.Testing.Platform"}}</c>, and VSTest otherwise.
/// The two take different options (MTP refuses VSTest's <c>--nologo</c>).
/// </summary>
internal static class DotnetTestMode
{
    /// <summary>Whether `dotnet test` of <paramref name="project"/> (a project file or folder) runs under Microsoft.Testing.Platform.</summary>
    public static bool UsesTestingPlatform(string project)
    {
        var full = Path.GetFullPath(project);
        for (var directory = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full).Directory; directory is not null; directory = directory.Parent)
        {
            var globalJson = Path.Combine(directory.FullName, "global.json");
            if (File.Exists(globalJson))
            {
                return RunnerOf(globalJson) == "Microsoft.Testing.Platform";
            }
        }

        return false;
    }

    /// <summary>The options `dotnet test` takes for this run besides the project and the user's arguments.</summary>
    public static IReadOnlyList<string> QuietOptions(string project) => UsesTestingPlatform(project) ? [] : ["--nologo"];

    /// <summary>How `dotnet test` is told the project: positional under VSTest, <c>--project</c> under MTP (which takes no positional project).</summary>
    public static IReadOnlyList<string> ProjectArguments(string project) =>
        UsesTestingPlatform(project) ? ["--project", Path.GetFullPath(project)] : [project];

    /// <summary>
    /// Where `dotnet test` of <paramref name="project"/> must start. The SDK picks the runner from the global.json above its
    /// current directory, not above the project: under MTP it starts in the project's folder, below the global.json that
    /// <see cref="UsesTestingPlatform"/> found (from anywhere else it would run VSTest, which MTP projects refuse); under VSTest
    /// it stays in <paramref name="workingDirectory"/>.
    /// </summary>
    public static string WorkingDirectory(string project, string workingDirectory)
    {
        if (!UsesTestingPlatform(project))
        {
            return workingDirectory;
        }

        var full = Path.GetFullPath(project);
        return Directory.Exists(full) ? full : Path.GetDirectoryName(full)!;
    }

    private static string? RunnerOf(string globalJson)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(globalJson), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.TryGetProperty("test", out var test) && test.ValueKind == JsonValueKind.Object
                && test.TryGetProperty("runner", out var runner) && runner.ValueKind == JsonValueKind.String
                ? runner.GetString()
                : null;
        }
        catch (JsonException)
        {
            // dotnet itself reports a malformed global.json when the run starts; the launcher need not say it twice.
            return null;
        }
    }
}
