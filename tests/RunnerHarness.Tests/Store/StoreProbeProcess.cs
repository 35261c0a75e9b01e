using System.Diagnostics;

namespace RunnerHarness.Tests.Store;

/// <summary>A real writer process (tests/RunnerHarness.StoreProbe) appending to a store.</summary>
public sealed class StoreProbeProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly SemaphoreSlim _lineArrived = new(0);
    private readonly TaskCompletionSource _outputEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StoreProbeProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _outputEnded.TrySetResult();
                _lineArrived.Release();
                return;
            }

            lock (_lines)
            {
                _lines.Add(e.Data);
            }

            _lineArrived.Release();
        };
        _process.BeginOutputReadLine();
    }

    public static StoreProbeProcess Start(params string[] arguments)
    {
        var probe = Path.Combine(AppContext.BaseDirectory, "RunnerHarness.StoreProbe.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(probe);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new StoreProbeProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>Waits for a line starting with <paramref name="prefix"/> and returns it.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            // The process can be seen to have exited before its last lines are delivered, so a line is missing only
            // if the output had ended before the search: every line comes before the end.
            var ended = _outputEnded.Task.IsCompleted;
            lock (_lines)
            {
                var line = _lines.Find(l => l.StartsWith(prefix, StringComparison.Ordinal));
                if (line is not null)
                {
                    return line;
                }
            }

            if (ended)
            {
                await _process.WaitForExitAsync(cancel.Token);
                throw new InvalidOperationException($"The probe exited with {_process.ExitCode} before printing '{prefix}': {await _process.StandardError.ReadToEndAsync(cancel.Token)}");
            }

            await _lineArrived.WaitAsync(cancel.Token);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The probe exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync(cancel.Token)}");
        }

        return _process.ExitCode;
    }

    /// <summary>Waits for the process to end, whatever its exit code, and returns it with every line printed.</summary>
    public async Task<(int ExitCode, IReadOnlyList<string> Lines, string Error)> WaitForAnyExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var error = await _process.StandardError.ReadToEndAsync(cancel.Token);
        await _process.WaitForExitAsync(cancel.Token);
        lock (_lines)
        {
            return (_process.ExitCode, [.. _lines], error);
        }
    }

    /// <summary>SIGKILL: the process gets no chance to flush or seal anything.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _lineArrived.Dispose();
    }
}
