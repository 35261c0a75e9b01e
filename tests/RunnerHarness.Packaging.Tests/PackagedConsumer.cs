namespace RunnerHarness.Packaging.Tests;

/// <summary>
/// A user's first project, made as docs/getting-started.md makes it: `dotnet new xunit`, `dotnet add package
/// RunnerHarness.Xunit` from the <see cref="PackedFeed"/>, a small theory, built once, in a folder of its own below the
/// feed's root; and the `runner-harness` tool installed from the same feed with `dotnet tool install - -tool-path`.
/// </summary>
public sealed class PackagedConsumer : IDisposable
{
    /// <summary>The theory of docs/getting-started.md (its first C# block), as a user copies it: 4 rows whose arguments are the record's model and difficulty.</summary>
    public static string BatchSource
    {
        get
        {
            var guide = File.ReadAllText(Path.Combine(PackedFeed.RepositoryRoot, "docs", "getting-started.md"));
            var block = System.Text.RegularExpressions.Regex.Match(guide, "```csharp\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline);
            return block.Success ? block.Groups[1].Value : throw new InvalidOperationException("docs/getting-started.md has no ```csharp block.");
        }
    }

    /// <summary>The rows of <see cref="BatchSource"/>.</summary>
    public const int Rows = 4;

    public PackagedConsumer()
    {
        Feed = PackedFeed.Acquire();
        try
        {
            Folder = Feed.ConsumerFolder("first-project");
            ChildProcess.Run("dotnet", ["new", "xunit", "-o", "Batch", "--no-restore"], Folder).Succeeded();
            Project = Path.Combine(Folder, "Batch");
            GeneratedProjectFile = File.ReadAllText(Path.Combine(Project, "Batch.csproj"));
            File.Delete(Path.Combine(Project, "UnitTest1.cs"));
            File.WriteAllText(Path.Combine(Project, "SummaryBatch.cs"), BatchSource);
            ChildProcess.Run("dotnet", ["add", "package", "RunnerHarness.Xunit", "--version", Feed.Version], Project).Succeeded();
            ChildProcess.Run("dotnet", ["build", "--nologo"], Project).Succeeded();
            Tool = Feed.Tool;
        }
        catch
        {
            PackedFeed.Release();
            throw;
        }
    }

    /// <summary>The feed the packages came from.</summary>
    public PackedFeed Feed { get; }

    /// <summary>The folder of the consumer project (<c>&lt;folder&gt;/Batch</c>), a user's folder of projects.</summary>
    public string Folder { get; }

    /// <summary>The consumer project's directory, <c>&lt;folder&gt;/Batch</c>.</summary>
    public string Project { get; }

    /// <summary>The project file as `dotnet new xunit` made it, before the package was added.</summary>
    public string GeneratedProjectFile { get; }

    /// <summary>The installed tool's executable.</summary>
    public string Tool { get; }

    /// <summary>Runs `dotnet test - -no-build` on the consumer project with <paramref name="arguments"/> and <paramref name="environment"/>.</summary>
    public ProcessResult Test(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        ChildProcess.Run("dotnet", ["test", "--no-build", "--nologo", .. arguments], Project, environment).Succeeded();

    /// <summary>Runs the installed tool in <paramref name="workingDirectory"/>.</summary>
    public ProcessResult RunTool(string workingDirectory, params string[] arguments) =>
        ChildProcess.Run(Tool, arguments, workingDirectory, new Dictionary<string, string> { ["CI"] = "true" });

    /// <summary>
    /// A store folder beside <see cref="Folder"/> rather than below it, so that the tool run from there finds only the
    /// project's own store, whichever order the tests run in; below the feed's root, deleted with it.
    /// </summary>
    public string StoreBesideTheFolder(string name) => $"{Folder}-{name}";

    public void Dispose() => PackedFeed.Release();
}
