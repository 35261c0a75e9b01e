namespace RunnerHarness.Testing;

/// <summary>This repository's folder, found from a test's output folder by walking up to RunnerHarness.sln.</summary>
public static class RepositoryFolder
{
    /// <summary>The repository's root folder.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The full path of <paramref name="parts"/> below the root, e.g. <c>("docs", "querying.md")</c>.</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

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
