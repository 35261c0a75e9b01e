using System.Diagnostics;

namespace RunnerHarness.Cli.Tests.Faults;

/// <summary>The built <c>runner-harness</c> tool run as a separate process, so that it can be killed.</summary>
internal static class CliProcess
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "runner-harness.dll");

    /// <summary>Runs the tool to its end with <paramref name="input"/> written to its standard input (a pipe, closed after it), and returns its exit code and each output apart.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunWithInputAsync(string input, params string[] args)
    {
        using var process = Start(args, redirectInput: true);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    /// <summary>
    /// Runs <paramref name="tool"/> (a copy of the tool's dll) to its end as <paramref name="user"/>, and returns its exit code
    /// and each output apart.
    /// </summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsAsync(UnprivilegedUser user, string tool, params string[] args) =>
        RunBehindAsync(user.Command, tool, args);

    /// <summary>Runs the tool (or <paramref name="tool"/>) to its end behind <paramref name="prefix"/> (e.g. a tracer), and returns its exit code and each output apart.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunBehindAsync(IReadOnlyList<string> prefix, string? tool, params string[] args) =>
        RunAsync(Start(args, tool, prefix));

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(Process started)
    {
        using var process = started;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    /// <summary>
    /// Starts the tool and kills it (SIGKILL) when the store under <paramref name="store"/> has seen
    /// <paramref name="killAtEvent"/> file-system events (files created, written, renamed or deleted): a point
    /// inside the command's own sequence of file operations, not a point in time. Returns whether the kill
    /// came before the command finished on its own.
    /// </summary>
    public static async Task<bool> RunAndKillAtAsync(string store, int killAtEvent, params string[] args)
    {
        using var watcher = new FileSystemWatcher(store)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.Size | NotifyFilters.LastWrite,
            InternalBufferSize = 64 * 1024,
        };
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var events = 0;
        void Count(object sender, EventArgs e)
        {
            if (Interlocked.Increment(ref events) == killAtEvent)
            {
                reached.TrySetResult();
            }
        }

        watcher.Created += Count;
        watcher.Changed += Count;
        watcher.Renamed += Count;
        watcher.Deleted += Count;
        watcher.EnableRaisingEvents = true;

        using var process = Start(args);
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(reached.Task, exited) == exited)
        {
            return false;
        }

        process.Kill(entireProcessTree: true);
        await exited;
        return true;
    }

    /// <summary>Starts <c>dotnet</c> <paramref name="tool"/> (default: the built tool) with <paramref name="args"/>, behind <paramref name="runAs"/> when given.</summary>
    private static Process Start(string[] args, string? tool = null, IReadOnlyList<string>? runAs = null, bool redirectInput = false)
    {
        string[] command = [.. runAs ?? [], "dotnet", tool ?? Tool, .. args];
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["CI"] = "true";
        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {string.Join(' ', command)}.");
    }
}
