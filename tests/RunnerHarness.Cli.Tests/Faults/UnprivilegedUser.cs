using System.Runtime.Versioning;
using System.Text.Json;

namespace RunnerHarness.Cli.Tests.Faults;

/// <summary>
/// The user the tool runs as in tests of what permission bits refuse. Root ignores them, so a suite running as root
/// runs the tool as <c>nobody</c> (uid and gid 65534, no supplementary groups, through util-linux's <c>setpriv</c>);
/// any other user is bound by them and runs it as itself.
/// </summary>
internal sealed class UnprivilegedUser
{
    private const string Nobody = "65534";

    private UnprivilegedUser()
    {
        Command = [];
        if (!OperatingSystem.IsLinux())
        {
            Unavailable = "Permission bits and setpriv are Linux's; on this system an unreadable file cannot be made the same way.";
            return;
        }

        if (Environment.UserName != "root")
        {
            return;
        }

        var setpriv = OnPath("setpriv");
        var dotnet = OnPath("dotnet");
        if (setpriv is null)
        {
            Unavailable = "The suite runs as root, which permission bits do not bind, and setpriv (util-linux) is not on PATH to run the tool as nobody.";
        }
        else if (dotnet is null || !OthersCanRun(dotnet))
        {
            Unavailable = $"The suite runs as root, which permission bits do not bind, and the dotnet host ({dotnet ?? "not on PATH"}) is in a folder other users cannot enter, so the tool cannot run as nobody.";
        }
        else
        {
            Command = [setpriv, $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups"];
        }
    }

    /// <summary>The user of this test run.</summary>
    public static UnprivilegedUser Current { get; } = new();

    /// <summary>What goes before <c>dotnet</c> to run the tool as this user: empty when it is the current user.</summary>
    public IReadOnlyList<string> Command { get; }

    /// <summary>Why no user bound by permission bits can run the tool here, or null when one can.</summary>
    public string? Unavailable { get; }

    /// <summary>
    /// Lets this user read everything under <paramref name="directory"/> (a test's own folder) and returns the tool's dll
    /// where it can be read: when it is another user, a copy in <paramref name="directory"/> of the files the tool's
    /// <c>deps.json</c> names (the build output may be in a folder only its owner can enter).
    /// </summary>
    [SupportedOSPlatform("linux")]
    public string Admit(string directory)
    {
        var built = Path.Combine(AppContext.BaseDirectory, "runner-harness.dll");
        if (Command.Count == 0)
        {
            return built;
        }

        var tool = Path.Combine(directory, "tool");
        Directory.CreateDirectory(tool);
        foreach (var file in ToolFiles())
        {
            File.Copy(Path.Combine(ToolBuildOutput, file), Path.Combine(tool, file));
        }

        foreach (var folder in Directory.GetDirectories(directory, "*", SearchOption.AllDirectories).Prepend(directory))
        {
            File.SetUnixFileMode(folder, File.GetUnixFileMode(folder) | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        foreach (var file in Directory.GetFiles(directory, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.OtherRead);
        }

        return Path.Combine(tool, "runner-harness.dll");
    }

    /// <summary>
    /// The tool's own build output (same configuration and framework as this test's), whose files are the ones its deps
    /// file names: the test's output lacks assemblies the tests' shared frameworks supply (ASP.NET Core's, for the local
    /// model server), which the tool, on the base framework alone, needs from its own folder.
    /// </summary>
    private static string ToolBuildOutput
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return RepositoryFolder.PathOf("src", "RunnerHarness.Cli", "bin", framework.Parent!.Name, framework.Name);
        }
    }

    /// <summary>The tool's deps and runtime config files and every assembly its deps file names.</summary>
    private static List<string> ToolFiles()
    {
        using var deps = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ToolBuildOutput, "runner-harness.deps.json")));
        var assemblies = deps.RootElement.GetProperty("targets").EnumerateObject().SelectMany(target => target.Value.EnumerateObject())
            .SelectMany(library => library.Value.TryGetProperty("runtime", out var runtime) ? runtime.EnumerateObject().Select(a => Path.GetFileName(a.Name)) : []);
        return [.. assemblies.Append("runner-harness.deps.json").Append("runner-harness.runtimeconfig.json").Distinct(StringComparer.Ordinal)];
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);

    /// <summary>Whether users other than the owner can enter every folder down to <paramref name="path"/>'s real file and run it.</summary>
    [SupportedOSPlatform("linux")]
    private static bool OthersCanRun(string path)
    {
        var real = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        for (var folder = Path.GetDirectoryName(real); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (!File.GetUnixFileMode(folder).HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }

        return File.GetUnixFileMode(real).HasFlag(UnixFileMode.OtherExecute);
    }
}
