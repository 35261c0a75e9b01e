using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace RunnerHarness.Tests.Architecture;

/// <summary>
/// Dependencies point one way: no project reaches itself through project references, the store assembly references no
/// other assembly of the repository and the core only the store, and no top-level folder (namespace) of either assembly
/// reaches itself through another. Read from the repository's own files, so a project or folder added later is checked too.
/// </summary>
public sealed partial class DependencyCycleTests
{
    private static readonly string[] ProjectFolders = ["src", "tests", "samples"];

    [Fact]
    public void ProjectReferences_OfEveryProjectInTheRepository_FormNoCycle()
    {
        var graph = ProjectGraph();

        Assert.Contains("RunnerHarness", graph.DependenciesOf("RunnerHarness.Xunit"));
        Assert.True(graph.Cycles().Count == 0, $"Project references form a cycle: {Describe(graph.Cycles())}{Environment.NewLine}{graph}");
    }

    [Fact]
    public void StoreAssembly_ReferencesNoOtherAssemblyOfTheRepository()
    {
        var graph = ProjectGraph();

        Assert.Equal(["RunnerHarness.Schema.Generator"], graph.DependenciesOf("RunnerHarness.Store"));
        Assert.Equal("RunnerHarness.Store", typeof(RunnerHarness.Schema.ResultRecord).Assembly.GetName().Name);
        Assert.DoesNotContain(
            typeof(RunnerHarness.Schema.ResultRecord).Assembly.GetReferencedAssemblies(),
            a => a.Name is { } name && name.StartsWith("RunnerHarness", StringComparison.Ordinal));
    }

    [Fact]
    public void CoreAssembly_ReferencesTheStoreAndNoOtherAssemblyOfTheRepository()
    {
        var graph = ProjectGraph();

        Assert.Equal(["RunnerHarness.Schema.Generator", "RunnerHarness.Store"], graph.DependenciesOf("RunnerHarness"));
        Assert.Equal(
            ["RunnerHarness.Store"],
            typeof(RunnerHarness.Matrix.MatrixSample).Assembly.GetReferencedAssemblies()
                .Select(a => a.Name!)
                .Where(name => name.StartsWith("RunnerHarness", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("RunnerHarness")]
    [InlineData("RunnerHarness.Store")]
    public void Folders_OfAnAssembly_FormNoCycle(string project)
    {
        var graph = FolderGraph(project);

        var cycles = graph.Cycles();

        Assert.True(graph.ToString().Length > 0, $"No folder of {project} uses another; is src/{project} still where its files are?");
        Assert.True(cycles.Count == 0, $"The folders of {project} form the cycles {Describe(cycles)}.{Environment.NewLine}{graph}");
    }

    [Fact]
    public void Cycles_OfAGraphWithALoopAndATail_AreTheLoopOnly()
    {
        var graph = new DependencyGraph();
        graph.Add("Reporting", "Aggregation");
        graph.Add("Aggregation", "Matrix");
        graph.Add("Matrix", "Settings");
        graph.Add("Settings", "Matrix");
        graph.Add("Export", "Export");

        Assert.Equal([["Export"], ["Matrix", "Settings"]], graph.Cycles());
    }

    // Every .csproj under src/, tests/ and samples/, by file name, and the projects it references.
    private static DependencyGraph ProjectGraph()
    {
        var graph = new DependencyGraph();
        var projects = ProjectFolders
            .Select(folder => RepositoryFolder.PathOf(folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.csproj", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var project in projects)
        {
            var name = Path.GetFileNameWithoutExtension(project);
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                graph.Add(name, Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/')));
            }
        }

        return graph;
    }

    // A folder of src/<project> depends on another when one of its files imports the other's namespace (or a
    // namespace below it) with a using directive or names it as global::RunnerHarness.<Folder>. A name reached without
    // either (a parent namespace's types are in scope unqualified) is not seen; the core's folders are siblings, so
    // that only misses references to the root namespace, which has no types.
    private static DependencyGraph FolderGraph(string project)
    {
        var graph = new DependencyGraph();
        var core = RepositoryFolder.PathOf("src", project);
        foreach (var file in Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(core, file);
            var folder = relative.Split(Path.DirectorySeparatorChar)[0];
            if (folder is "obj" or "bin" || folder == relative)
            {
                continue;
            }

            foreach (Match match in NamespaceUse().Matches(File.ReadAllText(file)))
            {
                var used = match.Groups["folder"].Value;
                if (used != folder)
                {
                    graph.Add(folder, used);
                }
            }
        }

        return graph;
    }

    private static string Describe(IReadOnlyList<IReadOnlyList<string>> cycles) =>
        string.Join("; ", cycles.Select(c => string.Join(" <-> ", c)));

    [GeneratedRegex(@"(?:^\s*(?:global\s+)?using\s+(?:static\s+)?|global::)RunnerHarness\.(?<folder>\w+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceUse();
}
