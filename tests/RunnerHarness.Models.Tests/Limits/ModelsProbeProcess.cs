using System.Diagnostics;
using System.Globalization;

namespace RunnerHarness.Models.Tests.Limits;

/// <summary>
/// Another process calling the same provider: tests/RunnerHarness.ModelsProbe, started with <c>dotnet</c>. It says
/// "ready" once its runtime is built, makes its calls when told "go", and says "done".
/// </summary>
internal sealed class ModelsProbeProcess : IDisposable
{
    private readonly Process _process;

    private ModelsProbeProcess(Process process) => _process = process;

    /// <summary>The probe's process id.</summary>
    public int Pid => _process.Id;

    /// <summary>Starts a probe that will make <paramref name="calls"/> calls at once to <paramref name="endpoint"/>.</summary>
    public static ModelsProbeProcess Start(Uri endpoint, string limitsDirectory, int maxConcurrency, int? requestsPerSecond, int calls)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RunnerHarness.ModelsProbe.dll"));
        info.ArgumentList.Add(endpoint.ToString());
        info.ArgumentList.Add(limitsDirectory);
        info.ArgumentList.Add(maxConcurrency.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add((requestsPerSecond ?? 0).ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(calls.ToString(CultureInfo.InvariantCulture));
        return new ModelsProbeProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>Waits until the probe has built its runtime.</summary>
    public Task ReadyAsync() => ExpectLineAsync("ready");

    /// <summary>Lets the probe make its calls.</summary>
    public async Task GoAsync()
    {
        await _process.StandardInput.WriteLineAsync("go");
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits until the probe made its calls and exited cleanly.</summary>
    public async Task DoneAsync()
    {
        await ExpectLineAsync("done");
        await _process.WaitForExitAsync();
        Assert.True(_process.ExitCode == 0, $"the probe exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()}");
    }

    /// <summary>SIGKILL: the probe gets no chance to give anything back.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private async Task ExpectLineAsync(string prefix)
    {
        var line = await _process.StandardOutput.ReadLineAsync();
        if (line is null || !line.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the probe printed '{line}' instead of '{prefix}...': {await _process.StandardError.ReadToEndAsync()}");
        }
    }
}
