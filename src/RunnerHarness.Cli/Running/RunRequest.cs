using RunnerHarness.Launching;
using RunnerHarness.Settings;

namespace RunnerHarness.Cli.Running;

/// <summary>What <c>runner-harness run</c> was asked to do, validated.</summary>
internal sealed record RunRequest
{
    /// <summary>The test project (file or directory), absolute.</summary>
    public required string Project { get; init; }

    /// <summary>How many shards run at once.</summary>
    public required int Shards { get; init; }

    /// <summary>The validated settings every shard gets; the shard itself is set per process.</summary>
    public required HarnessSettings Settings { get; init; }

    /// <summary>Every setting resolved from every route, with its origin, as handed to each shard in <see cref="LaunchSettingsFile"/>.</summary>
    public required HarnessOptions Launch { get; init; }

    /// <summary>Whether the project is built first.</summary>
    public required bool Build { get; init; }

    /// <summary>Arguments passed on to every <c>dotnet test</c> after the harness's own.</summary>
    public required IReadOnlyList<string> TestArguments { get; init; }

    /// <summary>Whether the final report covers only this run rather than the whole store.</summary>
    public required bool ReportRunOnly { get; init; }

    /// <summary>Whether this invocation adds to a run the store already holds (<c>--continue-run</c>).</summary>
    public bool ContinueRun { get; init; }

    /// <summary>
    /// Where the build's and the shards' output and the launch settings are kept: <c>&lt;store&gt;/logs/&lt;run id&gt;</c>, or for
    /// an invocation continuing the run, <c>&lt;store&gt;/logs/&lt;run id&gt;/continued-&lt;n&gt;</c>, so no earlier invocation's files are replaced.
    /// </summary>
    public required string RunLogDirectory { get; init; }

    /// <summary>Where the shards' model batches write their plans: <c>&lt;store&gt;/logs/&lt;run id&gt;/plans</c>.</summary>
    public string PlanDirectory => Path.Combine(RunLogDirectory, RunPlanLog.DirectoryName);
}
