using System.Diagnostics;
using System.Text;

namespace RunnerHarness.Cli.Running;

/// <summary>
/// A child process (<c>dotnet build</c>, a shard's <c>dotnet test</c>) whose standard output and error go, line by
/// line, to a log file and to an observer. The log is the only copy of the output: it is kept for the user.
/// </summary>
internal sealed class LoggedProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Action<string>? _onLine;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();

    private LoggedProcess(Process process, StreamWriter log, Action<string>? onLine)
    {
        _process = process;
        _log = log;
        _onLine = onLine;
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>The log file.</summary>
    public required string LogPath { get; init; }

    /// <summary>Completes with the exit code once the process has exited and all its output is in the log.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>
    /// Starts <c>dotnet</c> with <paramref name="arguments"/>. <paramref name="environment"/> entries with a
    /// <see langword="null"/> value are removed from the inherited environment.
    /// </summary>
    public static LoggedProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, string workingDirectory, string logPath, Action<string>? onLine = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: false, new UTF8Encoding(false)) { AutoFlush = true };
        log.WriteLine($"$ dotnet {string.Join(' ', start.ArgumentList)}");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var logged = new LoggedProcess(process, log, onLine) { LogPath = logPath };
        process.OutputDataReceived += (_, e) => logged.OnData(e.Data);
        process.ErrorDataReceived += (_, e) => logged.OnData(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            log.Dispose();
            process.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // WaitForExitAsync also waits for both redirected streams to end, so the log is complete when Exited completes.
        _ = process.WaitForExitAsync().ContinueWith(_ => logged._exited.TrySetResult(process.ExitCode), TaskScheduler.Default);
        return logged;
    }

    /// <summary>Sends the process SIGINT, as Ctrl+C would; <see langword="false"/> when that is not possible here.</summary>
    public bool Interrupt() => !_process.HasExited && ProcessSignals.TryInterrupt(_process.Id);

    /// <summary>Kills the process and every process it started.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile: nothing left to kill.
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of the log.</summary>
    public string Tail(int lines)
    {
        lock (_gate)
        {
            _log.Flush();
        }

        using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        var tail = new Queue<string>();
        while (reader.ReadLine() is { } line)
        {
            tail.Enqueue(line);
            if (tail.Count > lines)
            {
                tail.Dequeue();
            }
        }

        return string.Join('\n', tail);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _process.Dispose();
        lock (_gate)
        {
            _log.Dispose();
        }
    }

    private void OnData(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _log.WriteLine(line);
        }

        _onLine?.Invoke(line);
    }
}
