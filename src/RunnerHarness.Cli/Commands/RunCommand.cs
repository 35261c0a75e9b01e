using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using RunnerHarness.Cli.Options;
using RunnerHarness.Cli.Running;
using RunnerHarness.Launching;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Commands;

/// <summary><c>run</c>: builds a test project once, runs it in parallel <c>dotnet test</c> shards into one store, shows progress and ends with the report.</summary>
public static class RunCommand
{
    private const string Description = """
        Builds the test project once, then runs `dotnet test --no-build` in N parallel shards that share one run id
        and one store. Every setting is resolved once, here, from the options below, the environment, the runsettings
        file and parameters among the arguments after `--`, the project's testconfig.json section (runnerHarness) and its
        MSBuild properties; it is handed to every
        shard in <store>/logs/<run id>/settings.json, with RUNNER_HARNESS_SHARD=i/N. Shows records written per shard,
        rate and ETA (from the plans the shards write to <store>/logs/<run id>/plans/), keeps every shard's output in
        <store>/logs/<run id>/shard-<i>.log, and ends with the report of the store and a summary. Ctrl+C asks the
        shards to stop (records written so far are kept); a second Ctrl+C kills them. Arguments after `--` go to every
        `dotnet test`.
        A --run-id the store already holds records or logs of is refused unless --continue-run is given.
        --store may be a store in object storage (az://CONTAINER/PREFIX, s3://BUCKET/PREFIX; credentials from the
        standard Azure and AWS variables): run syncs this machine's mirror of it, hands the URL to every shard (each
        uploads what it seals), and keeps <store>/logs/ in the mirror.
        Exit codes: 0 every shard passed, 2 usage error (a reused run id too), 3 store unreadable after the run, 8 build failed, 9 a shard failed, 130 interrupted.

        Examples:
          runner-harness run samples/WorkflowBench --shards 2
          runner-harness run tests/MyBatch --format parquet --store ./store --target-samples 5
          runner-harness run tests/MyBatch --model gpt-4o,claude-3-5-sonnet --difficulty hard --report-run-only
          runner-harness run tests/MyBatch --provider-limits "openai=4@20;azure=8" -- --filter "Category!=Slow"
          runner-harness run tests/MyBatch --shards 4 -- --settings study.runsettings
          runner-harness run tests/MyBatch --run-id study-7 --continue-run
          runner-harness run tests/MyBatch --target-samples 20 --max-cost 5.00
          runner-harness run tests/MyBatch --shards 4 --store az://evals/studies/my-batch
        """;

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var project = new Argument<string>("PROJECT") { Description = "The test project: a .csproj file or its directory." };
        var testArguments = new Argument<string[]>("DOTNET-TEST-ARGS") { Description = "Passed on to every `dotnet test` (after --).", Arity = ArgumentArity.ZeroOrMore };
        var store = StoreOption.CreateForWriting();
        store.Description += " Or a store in object storage: az://CONTAINER/PREFIX or s3://BUCKET/PREFIX (docs/store.md).";
        var shards = new Option<int>("--shards", "-n")
        {
            Description = "How many shards run at once. Default: the processor count.",
            DefaultValueFactory = _ => Environment.ProcessorCount,
            HelpName = "N",
        };
        var runId = Setting("--run-id", "The run id shared by every shard. Default: generated from the time.", "ID");
        var format = FormatOption.Create("--format", $"The format new records are sealed in. Default: ${HarnessSettingDefinitions.StorageFormat.EnvironmentVariable}, else json.");
        var targetSamples = Setting("--target-samples", "Samples wanted per matrix cell; batches run only what the store lacks.", "N");
        var maxParallelRows = Setting("--max-parallel-rows", "Rows of model batches run at once in each shard, across providers. Default: 16.", "N");
        var providerLimits = Setting("--provider-limits", "Per-provider row limits, e.g. openai=4@20;azure=8 (N rows at once, @R row starts per second).", "LIMITS");
        var maxCost = Setting("--max-cost", "The run budget in US dollars, e.g. 2.50: each shard starts no further row once its priced model calls have cost this much; rows not started are left for top-up.", "USD");
        var continueRun = new Option<bool>("--continue-run")
        {
            Description = "Add to a run the store already holds records of (or whose logs exist). Without it a reused --run-id is refused; " +
                "with it, counts are of this invocation and its logs go to <store>/logs/<run id>/continued-<n>/.",
        };
        var reportRunOnly = new Option<bool>("--report-run-only") { Description = "End with the report of this run only. Default: the whole store." };
        var noBuild = new Option<bool>("--no-build") { Description = "Do not build the project first (it was built just before, with the same configuration)." };
        // One option per axis a run may filter, as the record's axis declarations say.
        (SettingDefinition Setting, Option<string[]> Option)[] filters =
        [
            .. MatrixFilter.Axes.Select(axis =>
                (HarnessSettingDefinitions.FilterOf(axis), AxisOption.Create(axis, $"Run only these {axis.Label} (repeat or comma-separate)."))),
        ];

        var command = new Command("run", Description);
        command.Arguments.Add(project);
        command.Arguments.Add(testArguments);
        command.Options.Add(store);
        command.Options.Add(shards);
        command.Options.Add(runId);
        command.Options.Add(format);
        command.Options.Add(targetSamples);
        foreach (var (_, option) in filters)
        {
            command.Options.Add(option);
        }

        command.Options.Add(maxParallelRows);
        command.Options.Add(providerLimits);
        command.Options.Add(maxCost);
        command.Options.Add(continueRun);
        command.Options.Add(reportRunOnly);
        command.Options.Add(noBuild);
        command.SetAction(parse =>
        {
            var shardCount = parse.GetValue(shards);
            if (shardCount < 1)
            {
                throw new CommandFailedException(ExitCodes.UsageError, $"--shards {shardCount.ToString(CultureInfo.InvariantCulture)} is not a shard count; use 1 or more.");
            }

            void SetOptions(HarnessOptions options)
            {
                Set(options, HarnessSettingDefinitions.StorePath, parse.GetValue(store), "--store");
                // --mirror-dir (added beside --store by CliApplication), already made absolute against this folder.
                Set(options, HarnessSettingDefinitions.StoreMirrorDirectory, context.MirrorDirectory, MirrorDirOption.Name);
                Set(options, HarnessSettingDefinitions.RunId, parse.GetValue(runId), "--run-id");
                Set(options, HarnessSettingDefinitions.StorageFormat, parse.GetValue(format), "--format");
                Set(options, HarnessSettingDefinitions.TargetSamples, parse.GetValue(targetSamples), "--target-samples");
                Set(options, HarnessSettingDefinitions.MaxParallelRows, parse.GetValue(maxParallelRows), "--max-parallel-rows");
                Set(options, HarnessSettingDefinitions.ProviderLimits, parse.GetValue(providerLimits), "--provider-limits");
                Set(options, HarnessSettingDefinitions.MaxCost, parse.GetValue(maxCost), "--max-cost");
                foreach (var (setting, option) in filters)
                {
                    var values = (parse.GetValue(option) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    Set(options, setting, string.Join(',', values), option.Name);
                }
            }

            var projectPath = context.ResolvePath(parse.GetValue(project)!);
            if (!File.Exists(projectPath) && !Directory.Exists(projectPath))
            {
                throw new CommandFailedException(ExitCodes.UsageError, $"The test project {projectPath} does not exist.");
            }

            // The CLI's options are validated alone first, with the harness's own rules and messages, so a bad value
            // stops here before the project is even evaluated.
            var cliOptions = new HarnessOptions();
            SetOptions(cliOptions);
            Validate(cliOptions, context);

            // Then every route a test host would read, resolved once here and handed to every shard (see RunRequest.Launch).
            var arguments = parse.GetValue(testArguments) ?? [];
            RefuseHarnessTestOptions(arguments);
            HarnessOptions options;
            HarnessSettings settings;
            try
            {
                var projectDirectory = Directory.Exists(projectPath) ? projectPath : Path.GetDirectoryName(projectPath)!;
                options = LaunchSettingsResolver.Resolve(
                    context.Environment,
                    RunSettingsValues.FromTestArguments(arguments, context.WorkingDirectory),
                    ProjectProperties.Read(projectPath, context.WorkingDirectory),
                    projectDirectory,
                    TestConfigSection.ReadSection(TestConfigFile(arguments, projectDirectory)));
                SetOptions(options);
                settings = options.Build(context.WorkingDirectory, context.Clock);
            }
            catch (HarnessSettingsException ex)
            {
                throw new CommandFailedException(ExitCodes.UsageError, ex.Message, ex);
            }

            // The store and run id are this launcher's to decide when no route set them: it counts and reports that store,
            // and all its shards share one run id.
            var launcherDefault = new SettingOrigin(SettingSource.BuiltInDefault, "runner-harness run");
            // A store in object storage is handed on as its URL: each shard syncs the mirror and uploads what it seals.
            options.Set(HarnessSettingDefinitions.StorePath, settings.StoreName, options.Get(HarnessSettingDefinitions.StorePath)?.Origin ?? launcherDefault);
            if (settings.StoreMirrorRoot is { } mirrorRoot)
            {
                // Resolved against this folder, as the user meant it; a shard would resolve a relative one against the project.
                options.Set(HarnessSettingDefinitions.StoreMirrorDirectory, mirrorRoot, options.Get(HarnessSettingDefinitions.StoreMirrorDirectory)!.Origin);
            }

            if (settings.StoreUrl is not null)
            {
                // The run id check and the run's logs use the mirror: it must hold what the object store holds first.
                context.WriteLine(UrlStoreSync.Synchronize(settings));
            }

            options.Set(HarnessSettingDefinitions.RunId, settings.RunId, options.Get(HarnessSettingDefinitions.RunId)?.Origin ?? launcherDefault);
            var continuing = parse.GetValue(continueRun);
            var logDirectory = LogDirectoryOf(settings, continuing);
            if (continuing)
            {
                // The shards add to the run too: their test hosts would refuse the reused id without it.
                options.Set(HarnessSettingDefinitions.ContinueRun, "true", new SettingOrigin(SettingSource.CommandLine, "--continue-run"));
            }

            var request = new RunRequest
            {
                Project = projectPath,
                Shards = shardCount,
                Settings = settings,
                Launch = options,
                TestArguments = arguments,
                Build = !parse.GetValue(noBuild),
                ReportRunOnly = parse.GetValue(reportRunOnly),
                ContinueRun = continuing,
                RunLogDirectory = logDirectory,
            };
            return RunWithCtrlC(context, request);
        });
        return command;
    }

    /// <summary>
    /// Where this invocation keeps its logs and launch settings: <c>logs/&lt;run id&gt;</c> for a new run. A run the store
    /// already holds records or logs of is refused unless continued, and then gets <c>logs/&lt;run id&gt;/continued-&lt;n&gt;</c>,
    /// so nothing of an earlier invocation (its <c>settings.json</c> above all) is replaced.
    /// </summary>
    private static string LogDirectoryOf(HarnessSettings settings, bool continuing)
    {
        var first = new StoreLayout(settings.StorePath).RunLogDirectory(settings.RunId);
        var records = RunReuseCheck.RecordsOf(new StoreLayout(settings.StorePath), settings.RunId).Values.Sum();
        var logged = Directory.Exists(first);
        if (records == 0 && !logged)
        {
            return first;
        }

        if (!continuing)
        {
            var what = records > 0 ? $"{records} records of run '{settings.RunId}'" : $"the logs of run '{settings.RunId}' ({first})";
            throw new CommandFailedException(ExitCodes.UsageError,
                $"The store {settings.StoreName} already holds {what}: a reused run id mixes two runs and their counts. " +
                "Choose a new --run-id (or leave it out for a generated one), or pass --continue-run to add to that run. Nothing was written.");
        }

        for (var n = 2; ; n++)
        {
            var next = Path.Combine(first, string.Create(CultureInfo.InvariantCulture, $"continued-{n}"));
            if (!Directory.Exists(next))
            {
                return next;
            }
        }
    }

    private static int RunWithCtrlC(CliContext context, RunRequest request)
    {
        using var interrupt = new CancellationTokenSource();
        using var kill = new CancellationTokenSource();
        using var registration = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
        {
            // Keep this process alive to wait for the shards; the first Ctrl+C stops them, the second kills them.
            signal.Cancel = true;
            if (!interrupt.IsCancellationRequested)
            {
                interrupt.Cancel();
            }
            else
            {
                kill.Cancel();
            }
        });
        return new ShardedRun(context, request).RunAsync(interrupt.Token, kill.Token).GetAwaiter().GetResult();
    }

    /// <summary>
    /// The <c>testconfig.json</c> the shards' test applications read under Microsoft.Testing.Platform: the <c>--config-file</c>
    /// among the arguments after <c>--</c> (relative to the project's folder, where MTP shards start), else the project's own.
    /// </summary>
    private static string TestConfigFile(string[] arguments, string projectDirectory)
    {
        for (var i = 0; i < arguments.Length - 1; i++)
        {
            if (arguments[i] == "--config-file")
            {
                return Path.GetFullPath(arguments[i + 1], projectDirectory);
            }
        }

        return Path.Combine(projectDirectory, TestConfigSection.FileName);
    }

    /// <summary>
    /// The test application's harness options (Microsoft.Testing.Platform, e.g. <c>--storage-format</c>) among the arguments after
    /// <c>--</c> would reach each shard past the settings resolved here, which every shard must share; each shard would refuse
    /// them, so they are refused once, before anything is built, with the route that works.
    /// </summary>
    private static void RefuseHarnessTestOptions(IEnumerable<string> arguments)
    {
        foreach (var argument in arguments)
        {
            if (HarnessSettingDefinitions.All.FirstOrDefault(s => argument == "--" + s.CommandLineOption
                || argument.StartsWith($"--{s.CommandLineOption}=", StringComparison.Ordinal)
                || argument.StartsWith($"--{s.CommandLineOption}:", StringComparison.Ordinal)) is { } setting)
            {
                throw new CommandFailedException(
                    ExitCodes.UsageError,
                    $"{argument} after -- would set {setting.Key} in each shard alone; `run` resolves the settings once for all shards. " +
                    $"Give it to `run` itself (see `runner-harness run --help`), or set {setting.EnvironmentVariable}.");
            }
        }
    }

    private static void Validate(HarnessOptions options, CliContext context)
    {
        try
        {
            options.Build(context.WorkingDirectory, context.Clock);
        }
        catch (HarnessSettingsException ex)
        {
            throw new CommandFailedException(ExitCodes.UsageError, ex.Message, ex);
        }
    }

    private static void Set(HarnessOptions options, SettingDefinition setting, string? value, string optionName) =>
        options.Set(setting, value, new SettingOrigin(SettingSource.CommandLine, optionName));

    private static Option<string?> Setting(string name, string description, string helpName) => new(name) { Description = description, HelpName = helpName };
}
