using System.Diagnostics;

namespace RunnerHarness.ObjectStorage.Tests.Hosting;

/// <summary>
/// One "machine" of a CI matrix: a folder of its own holding a copy of the built WorkflowBench sample, its own HOME, temp
/// folder, machine-wide limits folder and store mirrors. It shares no disk with the other machines: the sample runs from
/// its copy, and everything it writes (the mirror's log and sealed files) stays in its folder.
/// </summary>
internal sealed class SampleMachine
{
    private SampleMachine(string folder)
    {
        Folder = folder;
        Application = Path.Combine(folder, "app", "WorkflowBench.dll");
        MirrorRoot = Path.Combine(folder, "mirrors");
    }

    /// <summary>The machine's folder.</summary>
    public string Folder { get; }

    /// <summary>The machine's copy of the sample's test assembly.</summary>
    public string Application { get; }

    /// <summary>Where the machine keeps its store mirrors (<c>RUNNER_HARNESS_STORE_MIRROR_DIR</c>).</summary>
    public string MirrorRoot { get; }

    /// <summary>Makes machine <paramref name="name"/> under <paramref name="root"/>, with a copy of the sample's build output.</summary>
    public static SampleMachine Create(string root, string name)
    {
        var folder = Path.Combine(root, name);
        var machine = new SampleMachine(folder);
        Copy(SampleOutput, Path.GetDirectoryName(machine.Application)!);
        foreach (var own in new[] { "home", "tmp", "mirrors" })
        {
            Directory.CreateDirectory(Path.Combine(folder, own));
        }

        return machine;
    }

    /// <summary>The sample's build output, of this test assembly's configuration (the test project builds it).</summary>
    public static string SampleOutput
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return RepositoryFolder.PathOf("samples", "WorkflowBench", "bin", framework.Parent!.Name, framework.Name);
        }
    }

    /// <summary>The machine's variables and <paramref name="settings"/>: its own HOME, temp folder and mirrors, no response cache.</summary>
    public Dictionary<string, string> Environment(IReadOnlyDictionary<string, string> settings)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOME"] = Path.Combine(Folder, "home"),
            ["TMPDIR"] = Path.Combine(Folder, "tmp"),
            ["TMP"] = Path.Combine(Folder, "tmp"),
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["RUNNER_HARNESS_STORE_MIRROR_DIR"] = MirrorRoot,

            // The sample's default response cache is beside its project, a folder all machines would share.
            ["RUNNER_HARNESS_MODEL_CACHE"] = "off",
        };
        foreach (var (name, value) in settings)
        {
            variables[name] = value;
        }

        return variables;
    }

    /// <summary>Runs the sample on this machine (`dotnet test` of its copy) and waits for it.</summary>
    public ProcessResult Run(IReadOnlyDictionary<string, string> settings) =>
        ChildProcess.Run("dotnet", ["test", Application, "--nologo"], Folder, Environment(settings), TimeSpan.FromMinutes(4));

    /// <summary>Starts the sample on this machine without waiting; the caller kills or waits for it.</summary>
    public Process Start(IReadOnlyDictionary<string, string> settings)
    {
        var start = ChildProcess.StartInfo("dotnet", ["test", Application, "--nologo"], Folder, Environment(settings));
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Copy(string from, string to)
    {
        if (!File.Exists(Path.Combine(from, "WorkflowBench.dll")))
        {
            throw new InvalidOperationException($"{from} holds no WorkflowBench.dll: build tests/RunnerHarness.ObjectStorage.Tests, which builds samples/WorkflowBench.");
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
