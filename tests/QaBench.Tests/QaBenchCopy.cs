using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Tests;

namespace QaBench.Tests;

/// <summary>
/// The QaBench sample built once (for the tests of <see cref="QaBenchRuns"/>) outside the repository with a dataset file of
/// its own, so tests can append to and edit the dataset as a user does, and run `dotnet test` on it for real, without
/// touching the sample's own file. The project is the sample's: its project file (with the repository's relative paths
/// made absolute), its sources compiled from samples/QaBench, its matrix file and a copy of its dataset; the repository's
/// Directory.Build.props and central package versions are imported, so it builds as the sample does.
/// </summary>
public sealed class QaBenchCopy : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public QaBenchCopy()
    {
        var root = RepositoryFolder.Root;
        var sample = Path.Combine(root, "samples", "QaBench");
        File.WriteAllText(Path.Combine(_directory.Path, "Directory.Build.props"), $"""<Project><Import Project="{root}/Directory.Build.props" /></Project>""");
        File.WriteAllText(Path.Combine(_directory.Path, "Directory.Packages.props"), $"""<Project><Import Project="{root}/Directory.Packages.props" /></Project>""");
        foreach (var name in (string[])["nuget.config", "global.json"])
        {
            File.Copy(Path.Combine(root, name), Path.Combine(_directory.Path, name));
        }

        Project = Directory.CreateDirectory(Path.Combine(_directory.Path, "QaBench")).FullName;
        var projectFile = File.ReadAllText(Path.Combine(sample, "QaBench.csproj")).Replace("\"../../", $"\"{root}/", StringComparison.Ordinal);
        projectFile = projectFile.Replace("</Project>", $"""
              <PropertyGroup>
                <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
              </PropertyGroup>
              <ItemGroup>
                <Compile Include="{sample}/**/*.cs" Exclude="{sample}/bin/**;{sample}/obj/**" />
              </ItemGroup>
            </Project>
            """, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(Project, "QaBench.csproj"), projectFile);
        File.Copy(Path.Combine(sample, "qa-matrix.json"), Path.Combine(Project, "qa-matrix.json"));
        OriginalDataset = File.ReadAllText(Path.Combine(sample, "questions.jsonl"));
        Dataset = Path.Combine(Project, "questions.jsonl");
        ChildProcess.Run("dotnet", ["build", Project, "--nologo", "-v:q"], Project, timeout: TimeSpan.FromMinutes(10)).Succeeded();
    }

    /// <summary>The copy's project directory.</summary>
    public string Project { get; }

    /// <summary>The copy's dataset file; <see cref="Run"/> callers write it first.</summary>
    public string Dataset { get; }

    /// <summary>The sample's dataset as the repository has it.</summary>
    public string OriginalDataset { get; }

    /// <summary>The runner-harness CLI, built beside these tests.</summary>
    public static string Cli => Path.Combine(AppContext.BaseDirectory, "runner-harness.dll");

    /// <summary>`dotnet test --no-build` of the copy into <paramref name="store"/>, with <paramref name="arguments"/> added; the records the run added.</summary>
    public QaRun Run(string store, params string[] arguments) => Run(store, new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="Run(string, string[])"/>, with the environment variables <paramref name="environment"/> added.</summary>
    public QaRun Run(string store, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var before = Records(store).Select(r => r.RecordId).ToHashSet(StringComparer.Ordinal);
        var run = ChildProcess.Run(
            "dotnet",
            ["test", Project, "--no-build", "--nologo", .. arguments],
            Project,
            new Dictionary<string, string>(environment) { ["RUNNER_HARNESS_STORE"] = store },
            TimeSpan.FromMinutes(5));
        return new QaRun(run.ExitCode, run.Output, [.. Records(store).Where(r => !before.Contains(r.RecordId))]);
    }

    /// <summary>Every record of <paramref name="store"/>, none when it does not exist yet.</summary>
    public static IReadOnlyList<ResultRecord> Records(string store) =>
        Directory.Exists(store) ? new StoreReader(new StoreLayout(store)).Read().ToList() : [];

    public void Dispose() => _directory.Dispose();
}
