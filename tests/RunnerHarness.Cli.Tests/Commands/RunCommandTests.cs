using System.Diagnostics;
using System.Globalization;
using RunnerHarness.Aggregation;
using RunnerHarness.Launching;
using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Tests.Commands;

/// <summary>
/// `run` for real: runs tests/Fixtures/RunFixture as 2 `dotnet test` shards. The recording framework deals plain test cases
/// among the shards, so each test is in the store exactly once, with the run id and its shard. The projects are built once
/// for the class (<see cref="RunProjects"/>); one test lets `run` build, the others pass <c>--no-build</c>.
/// </summary>
public sealed partial class RunCommandTests(RunProjects projects) : IClassFixture<RunProjects>
{
    private static readonly string[] FixtureTests = ["First", "Second", "Fails", "Rows(difficulty=easy)", "Rows(difficulty=medium)", "Rows(difficulty=hard)"];

    private static readonly string[] Shards = ["0/2", "1/2"];

    private string Fixture => projects.RunFixture;

    private string Sample => projects.WorkflowBench;

    [Fact]
    public void Run_TwoShardsWithAFailingTest_RecordsEveryTestOncePerShardAndExitsShardFailed()
    {
        using var cli = new CliRun([]);

        // The one run of the class that builds (a no-op after the class fixture's build): `run` builds before its shards start.
        var (code, output, error) = cli.Run("run", Fixture, "--shards", "2", "--store", cli.Store, "--run-id", "fixture-run-1", "--", "--filter", "FullyQualifiedName!~Slow");

        Assert.Equal(ExitCodes.ShardFailed, code);
        Assert.Contains($"building {Fixture}", output, StringComparison.Ordinal);
        Assert.Contains("progress: shard 0/2: ", output, StringComparison.Ordinal);
        Assert.Matches(@"shard [01]/2: FAILED \(dotnet test exited 1\), \d+ records, log <store>/logs/fixture-run-1/shard-[01]\.log", output);
        Assert.Matches(@"shard [01]/2 failed: dotnet test exited 1; its last lines", error);
        Assert.Contains("fails on purpose", error, StringComparison.Ordinal);
        Assert.Contains("RunnerHarness report", output, StringComparison.Ordinal);

        var records = new StoreReader(new StoreLayout(cli.Store)).Read(RecordQuery.All with { IncludeLiveLogs = true }).ToList();
        Assert.All(records, r => Assert.Equal("fixture-run-1", r.RunId));
        Assert.All(records, r => Assert.Contains(r.Shard, Shards));
        Assert.Equal(FixtureTests.Order(StringComparer.Ordinal), records.Select(TestName).Distinct().Order(StringComparer.Ordinal));
        Assert.All(records.GroupBy(TestName), g => Assert.Single(g));
        Assert.Equal(Shards, records.Select(r => r.Shard).Distinct().Order(StringComparer.Ordinal));
        Assert.Matches($"run fixture-run-1 [12] of 2 shards failed: 2 shards, {records.Count} records written by this run", output);
        Assert.Contains("; store <store>", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PassingTestsOnly_ExitsSuccessWithThisRunsReport()
    {
        using var cli = new CliRun([]);

        var (code, output, error) = cli.Run("run", Fixture, "-n", "2", "--no-build", "--store", cli.Store, "--run-id", "fixture-run-2", "--report-run-only", "--", "--filter", "FullyQualifiedName!~Fails&FullyQualifiedName!~Slow");

        Assert.True(code == ExitCodes.Success, $"exit {code}\n{output}\n{error}");
        Assert.Contains("shard 0/2: passed", output, StringComparison.Ordinal);
        Assert.Contains("shard 1/2: passed", output, StringComparison.Ordinal);
        Assert.Contains("run_id = fixture-run-2", output, StringComparison.Ordinal);
        var records = new StoreReader(new StoreLayout(cli.Store)).Read(RecordQuery.All).ToList();
        Assert.DoesNotContain(records, r => r.TestMethod == "Fails");
        Assert.All(records, r => Assert.Equal(TestOutcome.Passed, r.Outcome));
        Assert.Contains($"run fixture-run-2 succeeded: 2 shards, {records.Count} records written by this run", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ReusedRunId_IsRefusedUnlessContinuedAndCountsOnlyThisInvocation()
    {
        using var cli = new CliRun([]);
        string[] run = ["run", Fixture, "-n", "2", "--no-build", "--store", cli.Store, "--run-id", "fixture-rerun"];
        string[] tests = ["--", "--filter", "FullyQualifiedName!~Fails&FullyQualifiedName!~Slow"];
        var first = cli.Run([.. run, .. tests]);
        Assert.True(first.ExitCode == ExitCodes.Success, $"exit {first.ExitCode}\n{first.Out}\n{first.Error}");
        var settingsFile = Path.Combine(new StoreLayout(cli.Store).RunLogDirectory("fixture-rerun"), LaunchSettingsFile.FileName);
        var firstSettings = File.ReadAllText(settingsFile);
        var firstCount = new StoreReader(new StoreLayout(cli.Store)).Read().Count();

        var again = cli.Run([.. run, "--max-parallel-rows", "3", .. tests]);

        Assert.Equal(ExitCodes.UsageError, again.ExitCode);
        Assert.Contains($"already holds {firstCount} records of run 'fixture-rerun'", again.Error, StringComparison.Ordinal);
        Assert.Contains("--continue-run", again.Error, StringComparison.Ordinal);
        Assert.Equal(firstCount, new StoreReader(new StoreLayout(cli.Store)).Read().Count());
        Assert.Equal(firstSettings, File.ReadAllText(settingsFile));

        var continued = cli.Run([.. run, "--continue-run", "--max-parallel-rows", "3", .. tests]);

        Assert.True(continued.ExitCode == ExitCodes.Success, $"exit {continued.ExitCode}\n{continued.Out}\n{continued.Error}");
        Assert.Equal(2 * firstCount, new StoreReader(new StoreLayout(cli.Store)).Read().Count(r => r.RunId == "fixture-rerun"));
        Assert.Contains($"2 shards, {firstCount} records written by this invocation", continued.Out, StringComparison.Ordinal);
        Assert.Equal(firstSettings, File.ReadAllText(settingsFile));
        Assert.Contains("\"value\": \"3\"", File.ReadAllText(Path.Combine(new StoreLayout(cli.Store).RunLogDirectory("fixture-rerun"), "continued-2", LaunchSettingsFile.FileName)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InterruptedWithSigint_StopsTheShardsExits130AndLosesNoRecordedResult()
    {
        using var cli = new CliRun([]);
        // env --default-signal gives the CLI the SIGINT disposition an interactive shell gives it, whatever the test host has.
        var info = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "runner-harness.dll"), "run", Fixture, "-n", "2", "--no-build", "--store", cli.Store, "--run-id", "interrupted", "--", "--filter", "FullyQualifiedName~Slow"])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["RUN_FIXTURE_HOLD"] = "1";
        info.Environment["CI"] = "true";
        var layout = new StoreLayout(cli.Store);
        using var changed = new StoreChanges(layout.Root);
        using var run = Process.Start(info)!;
        try
        {
            var output = run.StandardOutput.ReadToEndAsync();
            var error = run.StandardError.ReadToEndAsync();
            var live = new RecordQuery { IncludeLiveLogs = true, Filter = new RecordFilter { RunIds = ["interrupted"] } };

            // Rows after a host's first two hold until the host is stopped, so the run cannot finish before the interrupt; wait
            // until the store shows a recorded result of each shard (both test hosts are running their tests, past the start-up
            // an interrupt could catch), looking again at each change under it, however long a busy machine takes.
            var seen = new StoreReader(layout).Read(live).ToList();
            using (var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
            {
                var exited = run.WaitForExitAsync(cancel.Token);
                while (seen.Select(r => r.Shard).Distinct().Count() < 2)
                {
                    await Task.WhenAny(changed.NextAsync(TimeSpan.FromSeconds(1), cancel.Token), exited);
                    if (exited.IsCompleted)
                    {
                        Assert.Fail($"the run ended before both shards recorded a result: exit {run.ExitCode}\n{await output}\n{await error}");
                    }

                    seen = new StoreReader(layout).Read(live).ToList();
                }
            }

            var seenBeforeInterrupt = seen.Select(r => r.RecordId).ToHashSet();

            using (var kill = Process.Start("kill", ["-INT", run.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using (var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
            {
                await run.WaitForExitAsync(cancel.Token);
            }

            Assert.True(run.ExitCode == ExitCodes.Interrupted, $"exit {run.ExitCode}: {await output}\n{await error}");
            Assert.Contains("run interrupted interrupted: 2 shards", await output, StringComparison.Ordinal);
            // A stopped test host may outlive its `dotnet test` for a moment, and one stopped while sealing leaves its
            // tmp/ file: once no writer holds a log, the next maintenance command (a compaction) seals and clears what they left.
            await WhenNoWriterHoldsALogAsync(layout);
            new StoreCompactor(layout, SampleHoldings.Rule).Compact();
            var after = new StoreReader(layout).Read(live).ToList();
            Assert.Superset(seenBeforeInterrupt, after.Select(r => r.RecordId).ToHashSet());
            // Each of the two hosts finishes two rows; a held row stopped by the interrupt is never recorded as passed.
            Assert.InRange(after.Count(r => r.Outcome == TestOutcome.Passed), 1, 4);
            Assert.Equal(after.Count, after.Select(r => r.CaseKey).Distinct().Count());
            var verification = new StoreVerifier(layout, SampleHoldings.Rule).Verify();
            Assert.True(verification.IsClean, string.Join('\n', verification.Problems));
        }
        finally
        {
            // Held rows never finish: a failed assertion must not leave the run and its shards behind.
            if (!run.HasExited)
            {
                run.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task WhenNoWriterHoldsALogAsync(StoreLayout layout)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (Directory.Exists(layout.WriteAheadLogDirectory)
            && LogRecovery.FindOrphanedLogs(layout).Count < Directory.GetFiles(layout.WriteAheadLogDirectory, "*" + StoreLayout.JsonLinesExtension, SearchOption.AllDirectories).Length)
        {
            // Waits on the hosts' exit, an outside event; the deadline fails the test instead of hanging the run.
            await Task.Delay(100, deadline.Token);
        }
    }

    /// <summary>
    /// The user's report: the file's TestRunParameters were outranked by a STORAGE_FORMAT that `run` set on its own, and the
    /// shard whose test host found the bridge file already deleted by the other planned for 2 samples (131 to 152 records).
    /// </summary>
    [Fact]
    public void Run_SampleInTwoShardsWithParameterRunSettings_WritesParquetAndExactlyTheOneSamplePlan()
    {
        using var cli = new CliRun([]);
        var runSettings = Path.Combine(cli.Directory, "p.runsettings");
        File.WriteAllText(runSettings, """
            <RunSettings>
              <TestRunParameters>
                <Parameter name="StorageFormat" value="parquet" />
                <Parameter name="TargetSamples" value="1" />
              </TestRunParameters>
            </RunSettings>
            """);

        var (code, output, error) = cli.Run("run", Sample, "--shards", "2", "--no-build", "--store", cli.Store, "--run-id", "sample-parameters", "--", "--settings", runSettings);

        Assert.True(code == ExitCodes.Success, $"exit {code}\n{output}\n{error}");
        var records = new StoreReader(new StoreLayout(cli.Store)).Read(RecordQuery.All with { IncludeLiveLogs = true }).Where(r => r.RunId == "sample-parameters").ToList();
        // The sample's matrix has 225 cells (samples/WorkflowBench/workflow-matrix.json): one sample each.
        Assert.Equal(225, records.Count);
        Assert.Equal(225, records.Select(r => r.CaseKey).Distinct(StringComparer.Ordinal).Count());
        Assert.All(records, r => Assert.Equal(0, r.SampleIndex));
        var runFiles = Directory.GetFiles(Path.Combine(cli.Store, "data"), "*", SearchOption.AllDirectories).Where(f => f.Contains("sample-parameters", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(runFiles);
        Assert.All(runFiles, f => Assert.Equal(StoreLayout.ParquetExtension, Path.GetExtension(f)));

        // The plan travels as files in the run's log folder; the progress view's totals come from them.
        var plans = RunPlanLog.ReadAll(Path.Combine(new StoreLayout(cli.Store).RunLogDirectory("sample-parameters"), RunPlanLog.DirectoryName));
        Assert.Equal(Shards, plans.Select(p => p.Shard!).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(225, plans.Sum(p => p.RowsToRun));
        foreach (var shard in Shards)
        {
            var planned = plans.Where(p => p.Shard == shard).Sum(p => p.RowsToRun);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"shard {shard}: {planned}/{planned} records"), output, StringComparison.Ordinal);
        }

        var handed = File.ReadAllText(Path.Combine(new StoreLayout(cli.Store).RunLogDirectory("sample-parameters"), LaunchSettingsFile.FileName));
        Assert.Contains("\"source\": \"RunSettingsParameter\"", handed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format", "xml", "command-line option --format")]
    [InlineData("--target-samples", "0", "--target-samples")]
    [InlineData("--run-id", "a b", "--run-id")]
    [InlineData("--shards", "0", "--shards")]
    [InlineData("--provider-limits", "openai=x", "--provider-limits")]
    [InlineData("--max-cost", "0", "--max-cost")]
    public void Run_BadOption_ExitsUsageErrorBeforeBuilding(string option, string value, string named)
    {
        using var cli = new CliRun([]);

        var (code, output, error) = cli.Run("run", Fixture, option, value, "--store", cli.Store);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.DoesNotContain("building", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--storage-format", "STORAGE_FORMAT")]
    [InlineData("--run-id=study-7", "RUNNER_HARNESS_RUN_ID")]
    public void Run_TestApplicationHarnessOptionAfterDoubleDash_ExitsUsageErrorBeforeBuildingNamingWhatWorks(string argument, string variable)
    {
        using var cli = new CliRun([]);

        var (code, output, error) = cli.Run("run", Fixture, "--store", cli.Store, "--", argument, "parquet");

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains($"{argument} after -- would set", error, StringComparison.Ordinal);
        Assert.Contains(variable, error, StringComparison.Ordinal);
        Assert.DoesNotContain("building", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingProject_ExitsUsageError()
    {
        using var cli = new CliRun([]);

        var (code, _, error) = cli.Run("run", "no/such/project", "--store", cli.Store);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    private static string TestName(ResultRecord record) =>
        record.Difficulty is null ? record.TestMethod! : $"{record.TestMethod}(difficulty={record.Difficulty})";
}
