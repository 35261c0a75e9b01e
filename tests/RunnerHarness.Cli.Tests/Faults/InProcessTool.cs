using Spectre.Console.Testing;

namespace RunnerHarness.Cli.Tests.Faults;

/// <summary>
/// The tool's command line run inside the test host (<see cref="CliApplication.Run"/>, what <c>Program.cs</c> calls) with the
/// environment a <see cref="CliProcess"/> child gets: the test host's, with <c>CI=true</c>, and the real clock. For the
/// commands around a killed one, which need no process of their own: each tool process pays the runtime's start-up and the
/// JIT of every path it takes, about a second of CPU for a store of a few thousand records.
/// </summary>
internal static class InProcessTool
{
    /// <summary>Runs <paramref name="args"/> to the end and returns the exit code and both outputs.</summary>
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var output = new TestConsole().Width(200);
        var error = new TestConsole().Width(200);
        var context = new CliContext
        {
            Console = output,
            Error = error,
            Environment = name => name == "CI" ? "true" : Environment.GetEnvironmentVariable(name),
            Clock = TimeProvider.System,
            PlainOutput = true,
            WorkingDirectory = Directory.GetCurrentDirectory(),
            OpenFile = path => throw new InvalidOperationException($"runner-harness {string.Join(' ', args)} tried to open {path}; no maintenance command opens files."),
        };
        var code = CliApplication.Run(args, context);
        return (code, output.Output + error.Output);
    }
}
