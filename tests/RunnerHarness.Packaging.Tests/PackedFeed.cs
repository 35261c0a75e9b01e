using System.Globalization;
using System.Reflection;

namespace RunnerHarness.Packaging.Tests;

/// <summary>
/// The repository's packages packed into a local feed in a fresh temp folder (outside this repository's
/// Directory.*.props), under a version of their own so that no package cached by an earlier run is used.
/// Shared by every test of the <see cref="PackedPackages"/>; deleted, with its cached copies, at the end.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    /// <summary>The packages the repository ships.</summary>
    public static readonly string[] PackageIds = ["RunnerHarness.Store", "RunnerHarness", "RunnerHarness.Xunit", "RunnerHarness.Xunit.v3", "RunnerHarness.Models", "RunnerHarness.Cli", "RunnerHarness.ObjectStorage"];

    public PackedFeed()
    {
        Root = Path.Combine(Path.GetTempPath(), "runner-harness-packaging", Guid.NewGuid().ToString("N"));
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);
        Version = string.Create(CultureInfo.InvariantCulture, $"0.1.0-pkgtest-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}");
        var configuration = Metadata("Configuration");

        // One `dotnet pack` of a solution listing every package's project: one MSBuild start instead of one per package
        // (each costs seconds of CPU, and the suite runs two of these feeds). The solution lies in the feed's folder,
        // outside this repository, so that nothing of the repository's solution build applies to it.
        var solution = Path.Combine(Root, "packages.slnx");
        File.WriteAllText(solution, $"""
            <Solution>
            {string.Concat(PackageIds.Select(id => $"  <Project Path=\"{Path.Combine(RepositoryRoot, "src", id, id + ".csproj")}\" />\n"))}</Solution>
            """);
        // The ReadyToRun images are compiled into this feed's folder: the suite packs two feeds at once, and neither may
        // pack an image the other is still writing into the projects' obj folders.
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

    /// <summary>The temp folder holding the feed, its nuget.config and the consumer projects.</summary>
    public string Root { get; }

    /// <summary>The folder of the packed <c>.nupkg</c> files.</summary>
    public string Feed { get; }

    /// <summary>The version every package was packed under.</summary>
    public string Version { get; }

    /// <summary>This repository's root.</summary>
    public static string RepositoryRoot => Metadata("RepositoryRoot");

    /// <summary>The path of the packed package <paramref name="id"/>.</summary>
    public string PackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    public void Dispose()
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
