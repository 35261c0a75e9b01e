using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Runtime.Versioning;
using RunnerHarness.Aggregation;
using RunnerHarness.Launching;
using RunnerHarness.Matrix;
using RunnerHarness.Models;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Models.Pipeline;
using RunnerHarness.Schema;
using RunnerHarness.Scheduling;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.Remote;
using RunnerHarness.Xunit.Configuration;

namespace RunnerHarness.Xunit.Recording;

/// <summary>
/// The recording of one test assembly run: the resolved settings, the store writer, and what the runners
/// captured per test. Turns each result message into one <see cref="ResultRecord"/>. Thread-safe.
/// </summary>
internal sealed partial class RecordingSession : IDisposable
{
    // One session per test assembly run; the matrix attribute's GetData finds its settings and store through it.
    private static readonly ConcurrentDictionary<Assembly, RecordingSession> Sessions = new();
    private readonly Assembly _assembly;
    private readonly string _assemblyName;
    private readonly HarnessAnnouncer _announcer;
    private readonly HarnessSettings? _settings;
    private readonly RecordWriter? _writer;

    // The store in object storage the writer's mirror folder is uploaded to, or null for a local store.
    private readonly IRemoteStore? _remote;
    private Lazy<ModelBatchRuntime>? _modelBatchRuntime;
    private IDisposable? _modelClientsInstalled;
    private readonly Lock _completionLock = new();
    private long _results;
    private int _writeFailureReported;
    private bool _completed;
    private volatile bool _resultsDiscarded;

    private RecordingSession(
        Assembly assembly, string assemblyName, HarnessAnnouncer announcer, HarnessSettings? settings, RecordWriter? writer, Exception? startupError,
        ModelRunSettings? modelSettings = null, string? planDirectory = null, IRemoteStore? remote = null)
    {
        _remote = remote;
        ModelSettings = modelSettings;
        PlanDirectory = planDirectory;
        _assembly = assembly;
        _assemblyName = assemblyName;
        _announcer = announcer;
        _settings = settings;
        _writer = writer;
        StartupError = startupError;
        Sessions[assembly] = this;
    }

    /// <summary>Why nothing can be recorded (a bad setting, an unwritable store), or <see langword="null"/>; every test then fails with it.</summary>
    public Exception? StartupError { get; }

    /// <summary>The run's settings, or <see langword="null"/> when they were invalid (see <see cref="StartupError"/>).</summary>
    public HarnessSettings? Settings => _settings;

    /// <summary>Where model batches write their plans for the launcher that started this test host, or <see langword="null"/> without one.</summary>
    public string? PlanDirectory { get; }

    /// <summary>The models file, response cache and their sources, or <see langword="null"/> when the settings were invalid.</summary>
    public ModelRunSettings? ModelSettings { get; }

    /// <summary>Where the harness tells the user what it does.</summary>
    public HarnessAnnouncer Announcer => _announcer;

    /// <summary>
    /// The row limits model batches share, made with the model runtime on first need once <see cref="StartModelBatches"/>
    /// checked them; <see langword="null"/> before.
    /// </summary>
    public RowConcurrencyLimiter? RowLimiter => _modelBatchRuntime?.Value.RowLimiter;

    /// <summary>The run budget, made with <see cref="RowLimiter"/>; <see langword="null"/> before, and without <c>RUNNER_HARNESS_MAX_COST</c>.</summary>
    public RunBudget? Budget => _modelBatchRuntime?.Value.Budget;

    /// <summary>The session of <paramref name="assembly"/>'s current run, or <see langword="null"/> when it does not run under the recording framework.</summary>
    public static RecordingSession? Of(Assembly assembly) => Sessions.GetValueOrDefault(assembly);

    /// <summary>The test assembly's name, as its records carry it in <c>assembly</c> and in their case keys.</summary>
    public string AssemblyName => _assemblyName;

    /// <summary>
    /// Starts what every model batch of the run shares: checks the models file against <paramref name="neededModels"/>
    /// (the models of the batches this run executes; those the run's model filter leaves out are not needed), makes the
    /// one set of per-provider limits (<see cref="ModelRuntime.EffectiveLimits"/>) that the row limiter and the model
    /// pipelines both apply and checks them against <paramref name="providers"/> (the providers of every batch's matrix)
    /// and the models file's providers, and installs the run's <see cref="ModelRuntime"/> for <see cref="ModelClients.Get"/>.
    /// </summary>
    /// <remarks>
    /// The runtime (pipelines, key pools, cache, the machine's lease folders) and the row limiter are built on first need,
    /// once: by the first <see cref="ModelClients.Get"/> or the first model batch to run, which then announces where each
    /// model runs, the cache and the row limits. A run that calls no model (a plain theory) never pays for them.
    /// </remarks>
    /// <exception cref="HarnessSettingsException">A limit names a provider no batch uses.</exception>
    /// <exception cref="ModelsConfigurationException">A needed model is not in the models file, or a key variable is unset.</exception>
    public void StartModelBatches(IEnumerable<string> providers, IEnumerable<string> neededModels)
    {
        if (_settings is null || ModelSettings is null)
        {
            return;
        }

        var models = ModelSettings.Models;
        var needed = neededModels.Where(m => _settings.Filter.Allows(RecordAxes.Model, m)).Distinct(StringComparer.Ordinal).ToList();
        models.CheckReady(needed, Environment.GetEnvironmentVariable);
        var limits = ModelRuntime.EffectiveLimits(models, _settings.ProviderLimits, _settings.FleetSize);
        var knownProviders = providers.Concat(models.IsBuiltInSimulation ? [] : models.Providers.Keys).ToList();
        var limitsOrigin = _settings.OriginOf(HarnessSettingDefinitions.ProviderLimits).ToString();
        RowConcurrencyLimiter.CheckProvidersKnown(limits, knownProviders, limitsOrigin);
        var settings = _settings;
        var modelSettings = ModelSettings;
        var batchRuntime = new Lazy<ModelBatchRuntime>(
            () => BuildModelBatchRuntime(settings, modelSettings, limits, knownProviders, limitsOrigin, needed), LazyThreadSafetyMode.ExecutionAndPublication);
        _modelBatchRuntime = batchRuntime;
        _modelClientsInstalled = ModelClients.UseOnFirstNeed(new Lazy<ModelRuntime>(() => batchRuntime.Value.Runtime, LazyThreadSafetyMode.ExecutionAndPublication));
    }

    // Builds, once, what StartModelBatches checked: the runtime and the row limiter over the same limits, and announces them.
    private ModelBatchRuntime BuildModelBatchRuntime(
        HarnessSettings settings, ModelRunSettings modelSettings, IReadOnlyList<ProviderLimit> limits, List<string> knownProviders, string limitsOrigin, List<string> needed)
    {
        var runtime = ModelRuntime.Create(modelSettings, limits, notices: _announcer.Info);
        RowConcurrencyLimiter rowLimiter;
        try
        {
            rowLimiter = new RowConcurrencyLimiter(
                settings.MaxParallelRows, limits, knownProviders, limitsOrigin, runtime.RequestRatedProviders, runtime.RowStartRates);
        }
        catch
        {
            runtime.Dispose();
            throw;
        }

        foreach (var line in modelSettings.Models.Describe(needed))
        {
            _announcer.Info(line);
        }

        _announcer.Info(modelSettings.DescribeCache());
        _announcer.Info($"RunnerHarness: model batch rows: {rowLimiter.Describe()}");
        RunBudget? budget = null;
        if (settings.MaxCostUsd is { } maxCost)
        {
            budget = new RunBudget(maxCost, _announcer.Info);
            _announcer.Info(budget.Describe());
        }

        if (limits.Count > 0)
        {
            _announcer.Info(runtime.DescribeMachineLimits());
        }

        return new ModelBatchRuntime(runtime, rowLimiter, budget);
    }

    /// <summary>Resolves the settings of <paramref name="assembly"/>'s run, opens the writer and announces both. Never throws.</summary>
    /// <param name="assembly">The test assembly.</param>
    /// <param name="announcer">Where the settings, notes and errors are told.</param>
    /// <param name="testingPlatform">The options and <c>testconfig.json</c> section of a Microsoft.Testing.Platform run, or <see langword="null"/> under VSTest.</param>
    public static RecordingSession Start(Assembly assembly, HarnessAnnouncer announcer, TestingPlatformRoutes? testingPlatform = null)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var name = assembly.GetName().Name ?? "tests";
        ArgumentNullException.ThrowIfNull(announcer);
        LoadedSettings loaded;
        try
        {
            loaded = HarnessSettingsLoader.Load(assembly, Environment.GetEnvironmentVariable, DateTime.UtcNow, testingPlatform);
        }
        catch (HarnessSettingsException ex)
        {
            announcer.Error($"{ex.Message} No test runs until this is fixed.");
            return new RecordingSession(assembly, name, announcer, null, null, ex);
        }

        foreach (var note in loaded.Notes)
        {
            announcer.Info(note);
        }

        var settings = loaded.Settings;
        ModelRunSettings modelSettings;
        try
        {
            modelSettings = ModelRunSettings.Resolve(settings, HarnessSettingsLoader.ProjectDirectoryOf(assembly));
        }
        catch (ModelsConfigurationException ex)
        {
            announcer.Error($"{ex.Message} No test runs until this is fixed.");
            return new RecordingSession(assembly, name, announcer, null, null, ex);
        }

        if (settings.DebugRun)
        {
            // No writer: a debug run re-runs held samples to step through them, and must leave the study as it was.
            announcer.Info($"RunnerHarness: debug run of {name} - nothing is recorded; {settings.Describe()}");
            return new RecordingSession(assembly, name, announcer, settings, null, null, modelSettings);
        }

        IRemoteStore? remote = null;
        if (settings.StoreUrl is { } url)
        {
            // Top-up plans against the mirror: it must hold what the object store holds before any batch plans.
            try
            {
                remote = RemoteStores.Connector(url).Open(url, settings.StoreMirrorRoot, Environment.GetEnvironmentVariable);

                // A host killed earlier on this machine left its log in the mirror: sealed here, it is uploaded by the sync.
                foreach (var problem in LogRecovery.SealOrphanedLogs(new StoreLayout(remote.MirrorPath), SampleHoldings.Rule, settings.Format))
                {
                    announcer.Info($"RunnerHarness: sealing a log left in the mirror: {problem}");
                }

                announcer.Info($"RunnerHarness: {remote.Synchronize(CancellationToken.None)}");
                if (settings.RunIdGiven && !settings.ContinueRun && RunReuseCheck.RecordsOf(new StoreLayout(remote.MirrorPath), settings.RunId, includeLogs: false).Values.Sum() > 0)
                {
                    // The sync brought summaries only; the reused-run check then counts the run's records of this assembly and shard, which needs the data.
                    announcer.Info($"RunnerHarness: {remote.SynchronizeRecords(CancellationToken.None)}");
                }
            }
            catch (Exception ex) when (ex is RemoteStoreException or IOException or UnauthorizedAccessException)
            {
                // The mirror could not be synced or its left-over logs sealed: planning would not see what the store holds.
                remote?.Dispose();
                var error = new StoreWriteException($"RunnerHarness cannot record {name} ({settings.Describe()}): {ex.Message} No test runs until this is fixed.", ex);
                announcer.Error(error.Message);
                return new RecordingSession(assembly, name, announcer, settings, null, error);
            }
        }

        if (ReusedRun(settings, name) is { } reused)
        {
            remote?.Dispose();
            announcer.Error($"{reused.Message} No test runs until this is fixed.");
            return new RecordingSession(assembly, name, announcer, null, null, reused);
        }

        try
        {
            // Write-through: a test may crash the host (FailFast, stack overflow), and every result recorded
            // before it must already be in the operating system's hands. For a store in object storage, the mirror's
            // log is also sealed every upload interval and each sealed file uploaded at once: a machine that dies takes
            // its disk with it, so what is not uploaded is lost, and the interval bounds that.
            var options = remote is null
                ? new RecordWriterOptions { WriteThrough = true }
                : new RecordWriterOptions { WriteThrough = true, SealInterval = settings.UploadInterval, Sealed = remote.RequestUpload };
            var writer = HarnessRecordWriter.Open(settings, WriterScope(assembly, name), options);

            // Logs a killed host of this run left in the mirror were sealed by Open: upload them now.
            remote?.RequestUpload();
            announcer.Info($"RunnerHarness: recording {name} - {settings.Describe()}");
            return new RecordingSession(assembly, name, announcer, settings, writer, null, modelSettings, loaded.PlanDirectory, remote);
        }
        catch (Exception ex) when (ex is StoreWriteException or NotSupportedException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            remote?.Dispose();
            var error = new StoreWriteException(
                $"RunnerHarness cannot record {name} ({settings.Describe()}): {ex.Message} No test runs until this is fixed.", ex);
            announcer.Error(error.Message);
            return new RecordingSession(assembly, name, announcer, settings, null, error);
        }
    }

    /// <summary>
    /// Leaves every result of the run out of the store: the run's configuration cannot serve its rows (a model the models
    /// file does not name, a key variable unset, a bad provider limit), so its tests fail without running and none of
    /// them is a result of anything. The store stays as it was.
    /// </summary>
    public void DiscardResults() => _resultsDiscarded = true;

    /// <summary>Completes the writer if the run ended without <c>ITestAssemblyFinished</c>, and releases the row limits.</summary>
    public void Dispose()
    {
        Complete();
        Sessions.TryRemove(new KeyValuePair<Assembly, RecordingSession>(_assembly, this));
        _modelClientsInstalled?.Dispose();
        if (_modelBatchRuntime is { IsValueCreated: true } built)
        {
            built.Value.RowLimiter.Dispose();
            built.Value.Runtime.Dispose();
        }

        _remote?.Dispose();
    }

    /// <summary>
    /// The refusal of a run id given explicitly (not generated) that the store already holds sealed records of for this
    /// assembly and shard, unless the settings ask to continue the run: a reused id would mix two runs under one id.
    /// </summary>
    private static HarnessSettingsException? ReusedRun(HarnessSettings settings, string assemblyName)
    {
        if (!settings.RunIdGiven || settings.ContinueRun)
        {
            return null;
        }

        var held = RunReuseCheck.RecordsOf(new StoreLayout(settings.StorePath), settings.RunId, assemblyName, settings.Shard?.ToString());
        return held == 0 ? null : new HarnessSettingsException(
            $"RunnerHarness: the run id '{settings.RunId}' (from {settings.OriginOf(HarnessSettingDefinitions.RunId)}) already has {held} records of {assemblyName}" +
            $"{(settings.Shard is { } shard ? $" shard {shard}" : "")} in the store {settings.StorePath}: a reused id mixes two runs. Choose a new run id, or set " +
            $"{HarnessSettingDefinitions.ContinueRun.EnvironmentVariable}=true (runsettings {HarnessSettingDefinitions.ContinueRun.Key}, MSBuild {HarnessSettingDefinitions.ContinueRun.MSBuildProperty}) to add to that run.");
    }

    private static string WriterScope(Assembly assembly, string name)
    {
        // Two target frameworks of one project may run at once under one run id; each process needs its own
        // log. The shards of one run are told apart by RecordWriter.Open, which adds the shard to the scope.
        var framework = assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;
        var version = framework?.Split("Version=v", 2) is [_, var v] ? v : null;
        return version is null ? name : $"{name}.net{version}";
    }

    /// <summary>
    /// Appends the record of <paramref name="result"/> (with what <paramref name="capture"/> knows: arguments, context,
    /// start time) and says what the generation's message layer must report instead. Never throws.
    /// </summary>
    public RecordingOutcome Record(ObservedResult result, TestCapture? capture)
    {
        var record = BuildRecord(result, capture);
        try
        {
            // The transcript is stored beside the record, keyed by its id (docs/transcripts.md).
            var transcript = capture?.Context?.TranscriptMessages;
            _writer!.Append(record, transcript);
            Interlocked.Increment(ref _results);

            // A model call that failed for an infrastructure reason fails the row, even if the test went on and passed:
            // the record says so (ModelTestContext), and so must dotnet test.
            return result.Outcome == TestOutcome.Passed && ErrorCategory.IsInfrastructure(record.ErrorCategory)
                ? new RecordingOutcome(new ModelProviderException(record.ErrorCategory!, record.Provider ?? "unknown", record.Model ?? "unknown", 0, record.ErrorMessage ?? record.ErrorCategory!, null), null)
                : default;
        }
        catch (Exception ex) when (ex is StoreWriteException or ObjectDisposedException)
        {
            // The result is not in the store: a passed test must not look fine, so it fails with the reason.
            var error = new StoreWriteException($"RunnerHarness could not record this result: {ex.Message}", ex);
            var once = Interlocked.Exchange(ref _writeFailureReported, 1) == 0 ? error : null;
            return new RecordingOutcome(result.Outcome == TestOutcome.Passed ? error : null, once);
        }
    }

    /// <summary>Whether results are recorded: a writer is open and the run's results were not discarded.</summary>
    public bool Records => _writer is not null && !_resultsDiscarded;

    // The steps fill one builder in this order: what xUnit reported, the theory arguments, the case key (from the
    // test and its arguments alone), then the test's context; Build settles what the context and the model clients'
    // counts override. The writer stamps the builder, so Append queues the record without copying it.
    private ResultRecord BuildRecord(ObservedResult result, TestCapture? capture)
    {
        var finishedAt = DateTime.UtcNow;
        var durationMs = (double)result.ExecutionTime * 1000;
        var record = new ResultRecordBuilder
        {
            Assembly = _assemblyName,
            TestClass = result.TestClass,
            TestMethod = result.TestMethod,
            DisplayName = result.DisplayName,
            Outcome = result.Outcome,
            StartedAt = capture?.StartedAt ?? finishedAt.AddMilliseconds(-durationMs),
            FinishedAt = finishedAt,
            DurationMs = durationMs,
            Output = string.IsNullOrEmpty(result.Output) ? null : result.Output,
        };

        if (result.Traits is { Count: > 0 } traits)
        {
            record.Traits = traits.ToDictionary(t => t.Key, t => string.Join(',', t.Value), StringComparer.Ordinal);
        }

        var arguments = capture?.Arguments ?? result.Arguments;
        if (arguments is { Length: > 0 })
        {
            var method = capture?.Method ?? result.Method;
            ArgumentColumns.Apply(record, method?.GetParameters() ?? [], arguments);
        }

        if (result.Outcome == TestOutcome.Failed)
        {
            record.SetTestFailure(result.FailureType, result.FailureMessage);
        }

        // A planned row carries the key its batch's planner computed (top-up counted the store by it); any other
        // row's key is taken from the test and its arguments alone, before the context adds what the run observed,
        // so the same matrix cell and sample get the same key in every run.
        record.CaseKey = PlannedCaseKey(arguments) ?? CaseKey.ForRecord(record);
        capture?.Context?.ApplyTo(record);
        if (result.Outcome == TestOutcome.Failed && record.Model is not null && record.ErrorCategory is null && capture?.Context?.EndedByInfrastructure != true)
        {
            // A failed model record always says why. A test the recording runners never ran was failed by the harness
            // around it, not by a model; a test that ran and failed without naming a category failed on the model's
            // work, as far as the harness can tell: the seed's catch-all, other.
            if (capture?.Context is null)
            {
                record.SetInfrastructureFailure(ErrorCategory.HarnessError, result.FailureMessage ?? "");
            }
            else
            {
                record.ErrorCategory = ErrorCategory.Other;
            }
        }

        return _writer!.Stamp(record).Build();
    }

    // A loop, not a LINQ chain: this runs once a result, and the chain cost three iterator objects a record.
    private static string? PlannedCaseKey(object?[]? arguments)
    {
        foreach (var argument in arguments ?? [])
        {
            if (argument is ModelCase { PlannedCaseKey: { } key })
            {
                return key;
            }
        }

        return null;
    }

    /// <summary>Completes the writer once and announces what it wrote; returns the error when the store could not take the last records.</summary>
    private StoreWriteException? Complete()
    {
        lock (_completionLock)
        {
            if (_completed || _writer is null)
            {
                return null;
            }

            _completed = true;
        }

        StoreWriteException? failure = null;
        try
        {
            var summary = _writer.Complete();
            var results = Interlocked.Read(ref _results);
            _announcer.Info(string.Create(
                CultureInfo.InvariantCulture,
                $"RunnerHarness: wrote {summary.RecordCount} records for {results} results of {_assemblyName} to {_settings!.StorePath} (run {_settings.RunId}, {_settings.Format.ToString().ToLowerInvariant()}, {summary.SealedFiles.Count} files)"));
        }
        catch (StoreWriteException ex)
        {
            _announcer.Error(ex.Message);
            failure = ex;
        }

        return CompleteUploads() ?? failure;
    }

    /// <summary>
    /// For a store in object storage, uploads every file sealed into the mirror and waits for it, so that the run is
    /// reported done only once its results are in the object store; returns the error when a file could not be uploaded.
    /// </summary>
    private StoreWriteException? CompleteUploads()
    {
        if (_remote is null)
        {
            return null;
        }

        try
        {
            _announcer.Info($"RunnerHarness: {_remote.CompleteUploads(CancellationToken.None)} ({_assemblyName}, run {_settings!.RunId})");
            return null;
        }
        catch (RemoteStoreException ex)
        {
            var error = new StoreWriteException($"RunnerHarness: the results of {_assemblyName} are not all in the store: {ex.Message}", ex);
            _announcer.Error(error.Message);
            return error;
        }
    }

    // What model batches share, built together on first need (see StartModelBatches).
    private sealed record ModelBatchRuntime(ModelRuntime Runtime, RowConcurrencyLimiter RowLimiter, RunBudget? Budget);
}
