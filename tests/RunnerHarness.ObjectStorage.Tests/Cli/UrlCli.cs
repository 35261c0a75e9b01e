using System.Diagnostics;
using RunnerHarness.Cli;
using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Mirroring;
using RunnerHarness.ObjectStorage.Objects;
using Spectre.Console;

namespace RunnerHarness.ObjectStorage.Tests.Cli;

/// <summary>
/// The <c>runner-harness</c> CLI as one "machine" sees a URL store: its own working folder, its own mirror folder
/// (<see cref="StoreMirrorFolder.RootVariable"/>) and the service's variables; run in process, or as the built tool in a
/// process of its own.
/// </summary>
internal sealed class UrlCli
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "runner-harness.dll");

    private static readonly string[] ServiceVariables =
    [
        ObjectStoreConnector.AzureConnectionString, ObjectStoreConnector.AzureAccount, ObjectStoreConnector.S3EndpointForS3,
        ObjectStoreConnector.S3Endpoint, ObjectStoreConnector.S3AccessKeyId, ObjectStoreConnector.S3SecretAccessKey,
        ObjectStoreConnector.S3SessionToken, ObjectStoreConnector.S3Region,
    ];

    /// <summary>A machine working in <paramref name="machineFolder"/> (created): its working folder and mirror root are below it.</summary>
    public UrlCli(string machineFolder, StoreEnvironment service)
    {
        WorkingDirectory = Directory.CreateDirectory(Path.Combine(machineFolder, "work")).FullName;
        MirrorRoot = Path.Combine(machineFolder, "mirrors");
        foreach (var name in ServiceVariables)
        {
            if (service[name] is { } value)
            {
                Environment[name] = value;
            }
        }

        Environment[StoreMirrorFolder.RootVariable] = MirrorRoot;
    }

    public string WorkingDirectory { get; }

    public string MirrorRoot { get; }

    /// <summary>The variables the CLI sees (and nothing else of this process's environment in process).</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="args"/> in process, plain output, at a fixed clock.</summary>
    public (int ExitCode, string Out, string Error) Run(params string[] args) => Run(new FixedTime(), Environment, args);

    /// <summary>
    /// Runs <paramref name="args"/> in process as <see cref="Start"/> runs them in a process of its own: this machine's
    /// variables with <c>CI=true</c>, and the real clock. For a command beside other machines' processes, where what it
    /// does depends on the time (a compaction's output, a conditional delete's tie-break): each tool process pays the
    /// runtime's start-up and the JIT of its paths (~1 s of CPU), which in process is paid once for every run.
    /// </summary>
    public (int ExitCode, string Out, string Error) RunAsTheTool(params string[] args) =>
        Run(TimeProvider.System, new Dictionary<string, string>(Environment, StringComparer.Ordinal) { ["CI"] = "true" }, args);

    private (int ExitCode, string Out, string Error) Run(TimeProvider clock, Dictionary<string, string> environment, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext
        {
            Console = Console(output),
            Error = Console(error),
            Environment = name => environment.GetValueOrDefault(name),
            Clock = clock,
            PlainOutput = true,
            WorkingDirectory = WorkingDirectory,
            OpenFile = path => throw new InvalidOperationException($"The test opened {path}."),
        };
        var code = CliApplication.Run(args, context);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Starts the built tool with <paramref name="args"/> in a process of its own, with only this machine's variables for the store.</summary>
    public Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = WorkingDirectory,
        };
        info.ArgumentList.Add(Tool);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in ServiceVariables)
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in Environment)
        {
            info.Environment[name] = value;
        }

        info.Environment["CI"] = "true";
        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Tool}.");
    }

    /// <summary>Runs the built tool to its end in a process of its own.</summary>
    public async Task<(int ExitCode, string Out, string Error)> RunProcessAsync(params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    private static IAnsiConsole Console(TextWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
    });

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 12, 2, 9, 30, 0, TimeSpan.Zero);
    }
}
