using System.Globalization;
using RunnerHarness.Cli.Commands;
using RunnerHarness.Cli.Options;
using RunnerHarness.Cli.Rendering;
using RunnerHarness.Launching;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Running;

/// <summary>
/// Builds a test project once, runs it as n concurrent <c>dotnet test --no-build</c> shards sharing one run id and
/// store, shows their progress, and ends with the store's report. Ctrl+C is forwarded to the shards (a second one kills them).
/// </summary>
internal sealed class ShardedRun(CliContext context, RunRequest request)
{
    private const int TailLines = 40;

    // Wall time and rates need a real clock even when the context's clock is fixed (tests stamp reports with it).
    private readonly TimeProvider _clock = TimeProvider.System;

    /// <summary>Runs everything and returns the exit code. <paramref name="interrupt"/> is the first Ctrl+C, <paramref name="kill"/> the second.</summary>
    public async Task<int> RunAsync(CancellationToken interrupt, CancellationToken kill)
    {
        var started = _clock.GetUtcNow();
        var settings = request.Settings;
        context.WriteLine($"run {settings.RunId}: {request.Shards} shards of {request.Project}");
        context.WriteLine($"store {settings.StoreName}{(settings.StoreUrl is null ? "" : $" through its mirror {settings.StorePath}")} ({settings.Format.ToString().ToLowerInvariant()}), logs {request.RunLogDirectory}");

        var launchFile = LaunchSettingsFile.Write(request.RunLogDirectory, request.Launch);
        var build = request.Build ? await BuildAsync(interrupt, kill).ConfigureAwait(false) : ExitCodes.Success;
        if (build != ExitCodes.Success)
        {
            return build;
        }

        var counter = new ShardRecordCounter(settings.StorePath, settings.RunId);
        if (request.ContinueRun)
        {
            counter.TakeBaseline();
        }

        var shards = Enumerable.Range(0, request.Shards).Select(i => new ShardState(new ShardSpec(i, request.Shards), _clock.GetUtcNow())).ToArray();
        try
        {
            foreach (var shard in shards)
            {
                shard.Process = LoggedProcess.Start(
                    ["test", .. DotnetTestMode.ProjectArguments(request.Project), "--no-build", .. DotnetTestMode.QuietOptions(request.Project), .. request.TestArguments],
                    ShardEnvironment(launchFile, shard.Shard),
                    DotnetTestMode.WorkingDirectory(request.Project, context.WorkingDirectory),
                    Path.Combine(request.RunLogDirectory, string.Create(CultureInfo.InvariantCulture, $"shard-{shard.Shard.Index}.log")));
                _ = shard.Process.Exited.ContinueWith(_ => shard.FinishedAt = _clock.GetUtcNow(), TaskScheduler.Default);
            }

            var all = Task.WhenAll(shards.Select(s => s.Process!.Exited));
            using var forward = interrupt.Register(() => Interrupt(shards.Select(s => s.Process!)));
            using var stop = kill.Register(() => Kill(shards.Select(s => s.Process!)));
            await new RunProgressView(context, shards, _clock).ShowAsync(() => Task.Run(() => Poll(counter, shards, request.PlanDirectory)), all).ConfigureAwait(false);
            await all.ConfigureAwait(false);

            var failed = ReportShards(shards);
            var written = FinalCount(counter, shards, settings.StorePath);
            var wall = _clock.GetUtcNow() - started;
            if (interrupt.IsCancellationRequested)
            {
                WriteSummary(written, wall, "interrupted");
                context.WriteError("Records appended before the interrupt are in the store; logs of writers that were killed are sealed by `runner-harness compact` or the next run, and reports with live logs see them already.");
                return ExitCodes.Interrupted;
            }

            Report();
            WriteSummary(written, wall, failed.Count == 0 ? "succeeded" : $"{failed.Count} of {request.Shards} shards failed");
            return failed.Count == 0 ? ExitCodes.Success : ExitCodes.ShardFailed;
        }
        finally
        {
            foreach (var shard in shards)
            {
                shard.Process?.Dispose();
            }
        }
    }

    private async Task<int> BuildAsync(CancellationToken interrupt, CancellationToken kill)
    {
        context.WriteLine($"building {request.Project}");

        // No node reuse: MSBuild nodes that outlive the build would hold its redirected output open. The shards' configuration
        // and framework are built, so that their `dotnet test --no-build` finds what it runs.
        using var build = LoggedProcess.Start(
            ["build", request.Project, "--nologo", "-nodeReuse:false", .. BuildSelection(request.TestArguments)],
            new Dictionary<string, string?>(StringComparer.Ordinal) { ["MSBUILDTERMINALLOGGER"] = "false" },
            context.WorkingDirectory,
            Path.Combine(request.RunLogDirectory, "build.log"));
        using (interrupt.Register(() => Interrupt([build])))
        using (kill.Register(() => Kill([build])))
        {
            var code = await build.Exited.ConfigureAwait(false);
            if (interrupt.IsCancellationRequested)
            {
                context.WriteError($"interrupted while building; build output in {build.LogPath}");
                return ExitCodes.Interrupted;
            }

            if (code != 0)
            {
                context.WriteError($"error: building {request.Project} failed (dotnet build exited {code}); output in {build.LogPath}, last lines:");
                context.WriteError(build.Tail(TailLines));
                return ExitCodes.BuildFailed;
            }
        }

        return ExitCodes.Success;
    }

    private void Interrupt(IEnumerable<LoggedProcess> processes)
    {
        context.WriteError("Ctrl+C: asking the shards to stop (they finish writing what they have); press Ctrl+C again to kill them.");
        foreach (var process in processes)
        {
            process.Interrupt();
        }
    }

    private void Kill(IEnumerable<LoggedProcess> processes)
    {
        context.WriteError("Ctrl+C again: killing the shards.");
        foreach (var process in processes)
        {
            process.Kill();
        }
    }

    /// <summary>
    /// Every harness variable the shard would inherit is removed: the shard's test host takes every setting from the launch
    /// file, and its shard from the one variable set here.
    /// </summary>
    private static Dictionary<string, string?> ShardEnvironment(string launchFile, ShardSpec shard)
    {
        var environment = HarnessSettingDefinitions.All.ToDictionary(s => s.EnvironmentVariable, _ => (string?)null, StringComparer.Ordinal);
        environment[HarnessSettingDefinitions.Shard.EnvironmentVariable] = shard.ToString();
        environment[LaunchSettingsFile.EnvironmentVariable] = launchFile;
        environment["MSBUILDTERMINALLOGGER"] = "false";
        return environment;
    }

    /// <summary>The <c>-c</c>/<c>--configuration</c> and <c>-f</c>/<c>--framework</c> arguments among <c>dotnet test</c> arguments (before any <c>--</c>).</summary>
    private static IEnumerable<string> BuildSelection(IReadOnlyList<string> testArguments)
    {
        for (var i = 0; i + 1 < testArguments.Count && testArguments[i] != "--"; i++)
        {
            if (testArguments[i] is "-c" or "--configuration" or "-f" or "--framework")
            {
                yield return testArguments[i];
                yield return testArguments[++i];
            }
        }
    }

    /// <summary>A progress poll: a failed read keeps the last counts on screen; the summary's <see cref="Count"/> after the shards end does not forgive.</summary>
    private static long Poll(ShardRecordCounter counter, IReadOnlyList<ShardState> shards, string planDirectory)
    {
        try
        {
            var plans = RunPlanLog.ReadAll(planDirectory);
            foreach (var shard in shards)
            {
                var name = shard.Shard.ToString();
                var own = plans.Where(p => p.Shard == name).ToList();
                shard.PlannedRows = own.Count == 0 ? null : own.Sum(p => p.RowsToRun);
            }

            return Count(counter.Poll(), shards);
        }
        catch (IOException)
        {
            return shards.Sum(s => s.Records);
        }
    }

    private static long FinalCount(ShardRecordCounter counter, IReadOnlyList<ShardState> shards, string store)
    {
        try
        {
            return Count(counter.Count(), shards);
        }
        catch (IOException ex)
        {
            throw new CommandFailedException(ExitCodes.StoreUnavailable, $"The shards ended, but reading the store {store} to count this run's records failed: {ex.Message}", ex);
        }
    }

    private static long Count(IReadOnlyDictionary<string, long> counts, IReadOnlyList<ShardState> shards)
    {
        foreach (var shard in shards)
        {
            shard.Records = counts.GetValueOrDefault(shard.Shard.ToString());
        }

        return counts.Values.Sum();
    }

    private List<ShardState> ReportShards(IReadOnlyList<ShardState> shards)
    {
        var failed = new List<ShardState>();
        foreach (var shard in shards)
        {
            var process = shard.Process!;
            var code = process.Exited.Result;
            if (code == 0)
            {
                context.WriteLine($"shard {shard.Shard}: passed, {shard.Records} records, log {process.LogPath}");
                continue;
            }

            failed.Add(shard);
            context.WriteLine($"shard {shard.Shard}: FAILED (dotnet test exited {code}), {shard.Records} records, log {process.LogPath}");
            context.WriteError($"shard {shard.Shard} failed: dotnet test exited {code}; its last lines ({process.LogPath}):");
            context.WriteError(process.Tail(TailLines));
        }

        return failed;
    }

    private void Report()
    {
        var records = StoreRecords.Open(context, request.Settings.StorePath);
        var filter = request.ReportRunOnly ? new RecordFilter { RunIds = [request.Settings.RunId] } : RecordFilter.None;
        IReadOnlyList<string> descriptions = request.ReportRunOnly ? [$"run_id = {request.Settings.RunId}"] : [];
        var report = ReportCommand.Build(context, records, GroupByOption.Default, filter, descriptions, "RunnerHarness report");
        new ReportConsoleRenderer(context.Console, context.PlainOutput).Render(report);
    }

    private void WriteSummary(long written, TimeSpan wall, string outcome) => context.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"run {request.Settings.RunId} {outcome}: {request.Shards} shards, {written} records written by this {(request.ContinueRun ? "invocation (--continue-run; earlier ones not counted)" : "run")}, wall time {wall:hh\\:mm\\:ss}; store {request.Settings.StoreName}"));
}
