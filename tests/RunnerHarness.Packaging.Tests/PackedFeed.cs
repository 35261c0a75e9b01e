using System.Globalization;
using System.Reflection;

namespace RunnerHarness.Packaging.Tests;

/// <summary>
/// The repository's packages packed into a local feed in a fresh temp folder (outside this repository's
/// Directory.*.props), under a version of their own so that no package cached by an earlier run is used; and the
/// `runner-harness` tool installed from it. One feed for the test run: both collections (<see cref="PackedPackages"/>,
/// <see cref="GenerationPackages"/>) hold it (<see cref="Acquire"/>), each making its consumers in a folder of its own
/// below <see cref="Root"/>; the last to let go (<see cref="Release"/>) deletes it, with its cached copies.
/// </summary>
public sealed class PackedFeed
{
    private static readonly Lock SharedGate = new();
    private static PackedFeed? _shared;
    private static int _holders;

    private readonly Lock _toolGate = new();
    /// <summary>The packages the repository ships.</summary>
    public static readonly string[] PackageIds = ["RunnerHarness.Store", "RunnerHarness", "RunnerHarness.Xunit", "RunnerHarness.Xunit.v3", "RunnerHarness.Models", "RunnerHarness.Cli", "RunnerHarness.ObjectStorage"];

    private PackedFeed()
    {
        Root = Path.Combine(Path.GetTempPath(), "runner-harness-packaging", Guid.NewGuid().ToString("N"));
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);
        Version = string.Create(CultureInfo.InvariantCulture, $"0.1.0-pkgtest-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}");
        var configuration = Metadata("Configuration");

        // One `dotnet pack` of a solution listing every package's project: one MSBuild start instead of one per package
        // (each costs seconds of CPU). The solution lies in the feed's folder, outside this repository, so that nothing
        // of the repository's solution build applies to it.
        var solution = Path.Combine(Root, "packages.slnx");
        File.WriteAllText(solution, $"""
            <Solution>
            {string.Concat(PackageIds.Select(id => $"  <Project Path=\"{Path.Combine(RepositoryRoot, "src", id, id + ".csproj")}\" />\n"))}</Solution>
            """);
        // The ReadyToRun images are compiled into this feed's folder, not the projects' obj folders: the pack writes
        // nothing into the repository that another test project running beside this one may be reading.
        ChildProcess.Run("dotnet", ["pack", solution, "--no-build", "-c", configuration, $"-p:PackageOutputPath={Feed}", $"-p:PackageVersion={Version}", $"-p:RunnerHarnessReadyToRunDirectory={Path.Combine(Root, "ready-to-run")}"], RepositoryRoot).Succeeded();
        var missing = PackageIds.Where(id => !File.Exists(PackagePath(id))).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"dotnet pack of {solution} made no package for {string.Join(", ", missing)} in {Feed}.");
        }

        // Only adds the feed: the user's own package sources stay, as `dotnet add package` in a real project would see them.
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="runner-harness-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
    }

    /// <summary>The temp folder holding the feed, its nuget.config, the installed tool and the collections' consumer folders.</summary>
    public string Root { get; }

    /// <summary>The folder of the packed <c>.nupkg</c> files.</summary>
    public string Feed { get; }

    /// <summary>The version every package was packed under.</summary>
    public string Version { get; }

    /// <summary>This repository's root.</summary>
    public static string RepositoryRoot => Metadata("RepositoryRoot");

    /// <summary>The `runner-harness` tool installed from this feed with `dotnet tool install --tool-path`, on first use.</summary>
    public string Tool
    {
        get
        {
            // Both collections may ask at once; one install serves them.
            lock (_toolGate)
            {
                var tool = Path.Combine(Root, "tools", OperatingSystem.IsWindows() ? "runner-harness.exe" : "runner-harness");
                if (!File.Exists(tool))
                {
                    ChildProcess.Run("dotnet", ["tool", "install", "RunnerHarness.Cli", "--version", Version, "--tool-path", Path.Combine(Root, "tools")], Root).Succeeded();
                }

                return tool;
            }
        }
    }

    /// <summary>
    /// The test run's feed, packed by the first caller (the others wait for that pack); each call is matched by one
    /// <see cref="Release"/>.
    /// </summary>
    public static PackedFeed Acquire()
    {
        lock (SharedGate)
        {
            _shared ??= new PackedFeed();
            _holders++;
            return _shared;
        }
    }

    /// <summary>Lets go of the feed <see cref="Acquire"/> gave; the last holder deletes it and its cached packages.</summary>
    public static void Release()
    {
        lock (SharedGate)
        {
            if (--_holders == 0)
            {
                _shared!.DeleteWithCachedPackages();
                _shared = null;
            }
        }
    }

    /// <summary>A folder of its own below <see cref="Root"/> for a collection's consumers, so that neither sees the other's projects and stores.</summary>
    public string ConsumerFolder(string name)
    {
        var folder = Path.Combine(Root, name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The path of the packed package <paramref name="id"/>.</summary>
    public string PackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    private void DeleteWithCachedPackages()
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in PackageIds)
        {
            Delete(Path.Combine(cache, id.ToLowerInvariant(), Version));
        }

        Delete(Root);
    }

    private static void Delete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A build server may still hold a file; the OS temp cleaner gets it.
        }
    }

    private static string Metadata(string key) =>
        typeof(PackedFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
