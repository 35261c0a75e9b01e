using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RunnerHarness.ObjectStorage.Tests.Emulators;

/// <summary>
/// An emulator (a Node.js program from <c>tests/emulators/node_modules</c>) listening on 127.0.0.1 at a port the system
/// chose: started, its port read from the line it prints when it listens, and killed (with its children) on dispose.
/// </summary>
public sealed partial class EmulatorProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly string _workingDirectory;

    private EmulatorProcess(Process process, string workingDirectory, int port)
    {
        _process = process;
        _workingDirectory = workingDirectory;
        Port = port;
    }

    /// <summary>The full path of <c>node</c> on PATH, or <see langword="null"/>.</summary>
    public static string? NodePath { get; } = FindOnPath("node");

    /// <summary>The port the emulator listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Starts <paramref name="program"/> (a name under node_modules/.bin) and waits for <paramref name="listening"/> to name its port.</summary>
    public static async Task<EmulatorProcess> StartAsync(string program, IReadOnlyList<string> arguments, Regex listening)
    {
        var node = NodePath ?? throw new InvalidOperationException("node is not on PATH.");
        var script = RepositoryFolder.PathOf("tests", "emulators", "node_modules", ".bin", program);
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"{script} does not exist: the emulators are not installed. Run `npm ci` in {RepositoryFolder.PathOf("tests", "emulators")} (.ci/run does).");
        }

        var workingDirectory = Directory.CreateTempSubdirectory("rh-emulator-").FullName;
        var start = new ProcessStartInfo(node) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument.Replace("{dir}", workingDirectory, StringComparison.Ordinal));
        }

        var port = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            if (listening.Match(e.Data) is { Success: true } match)
            {
                port.TrySetResult(int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.Exited += (_, _) => port.TrySetException(new InvalidOperationException($"{program} exited before listening:\n{string.Join('\n', output)}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new EmulatorProcess(process, workingDirectory, await port.Task.WaitAsync(StartLimit));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} did not say it listens within {StartLimit.TotalSeconds} s:\n{string.Join('\n', output)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_workingDirectory, recursive: true);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
