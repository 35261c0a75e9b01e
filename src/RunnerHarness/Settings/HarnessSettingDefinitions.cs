using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace RunnerHarness.Settings;

/// <summary>
/// The settings the harness reads, with their names in every source. The matrix filters (<see cref="Filters"/>, one per
/// axis a run may filter) are generated from the record's axis declarations.
/// </summary>
[RecordAxisMembers(RecordAxisMemberShape.FilterSettings)]
internal static partial class HarnessSettingDefinitions
{
    /// <summary><c>json</c> or <c>parquet</c>, case-insensitive; default <c>json</c>.</summary>
    public static SettingDefinition StorageFormat { get; } = new(
        "StorageFormat", "STORAGE_FORMAT", "RunnerHarnessStorageFormat",
        "The format new records are sealed in: json or parquet (case-insensitive). Default: json.");

    /// <summary>The store: a directory, absolute or relative to the working directory, or a URL in object storage.</summary>
    public static SettingDefinition StorePath { get; } = new(
        "StorePath", "RUNNER_HARNESS_STORE", "RunnerHarnessStorePath",
        "The store directory, or a store in object storage: az://CONTAINER/PREFIX (Azure Blob Storage) or s3://BUCKET/PREFIX (S3), account and credentials from the standard Azure and AWS variables " +
        "(the test project then references RunnerHarness.ObjectStorage; docs/store.md). A relative path resolves against the test project's directory in the test host, and against the current directory in the runner-harness tool. Default: runner-harness-store.",
        OptionName: "store");

    /// <summary>The folder under which this machine keeps the local mirrors of stores in object storage.</summary>
    public static SettingDefinition StoreMirrorDirectory { get; } = new(
        "StoreMirrorDirectory", "RUNNER_HARNESS_STORE_MIRROR_DIR", "RunnerHarnessStoreMirrorDirectory",
        "For a store in object storage: the folder on this machine's disk under which its local mirror lives (synced sealed files, and the write-ahead log until it is uploaded), " +
        "absolute or relative to the test project. Default: runner-harness/store-mirrors in the user's local application data folder.");

    /// <summary>For a store in object storage: the most seconds a result waits in the local mirror before it is sealed and uploaded.</summary>
    public static SettingDefinition UploadInterval { get; } = new(
        "UploadInterval", "RUNNER_HARNESS_UPLOAD_INTERVAL", "RunnerHarnessUploadInterval",
        "For a store in object storage: the most seconds a recorded result waits in the local mirror before its file is sealed and uploaded; what a machine that dies mid-run can lose. " +
        "Everything is uploaded before the test run ends. A whole number of 1 or more. Default: 60.");

    /// <summary>The run id; generated when not set.</summary>
    public static SettingDefinition RunId { get; } = new(
        "RunId", "RUNNER_HARNESS_RUN_ID", "RunnerHarnessRunId",
        "The run id stamped on every record (letters, digits, '.', '_' and '-'). Default: generated from the time.");

    /// <summary>The shard to run, as <c>i/n</c>.</summary>
    public static SettingDefinition Shard { get; } = new(
        "Shard", "RUNNER_HARNESS_SHARD", "RunnerHarnessShard",
        "The shard to run, as i/n with 0 <= i < n, e.g. 2/8. Default: all rows.");

    /// <summary>The samples wanted per matrix cell, for top-up.</summary>
    public static SettingDefinition TargetSamples { get; } = new(
        "TargetSamples", "RUNNER_HARNESS_TARGET_SAMPLES", "RunnerHarnessTargetSamples",
        "Samples wanted per matrix cell; a run yields only the samples the store lacks. A whole number of 1 or more.");

    /// <summary>How many rows of model batches run at once in the test host, across all providers.</summary>
    public static SettingDefinition MaxParallelRows { get; } = new(
        "MaxParallelRows", "RUNNER_HARNESS_MAX_PARALLEL_ROWS", "RunnerHarnessMaxParallelRows",
        "How many rows of model batches run at once, across all providers. A whole number of 1 or more. Default: 16.");

    /// <summary>Per-provider row limits, e.g. <c>openai=4@20;azure=8</c>.</summary>
    public static SettingDefinition ProviderLimits { get; } = new(
        "ProviderLimits", "RUNNER_HARNESS_PROVIDER_LIMITS", "RunnerHarnessProviderLimits",
        "Per-provider row limits: provider=N (N rows at once) or provider=N@R (also at most R row starts per second), separated by ';' or ','; " +
        "e.g. openai=4@20;azure=8. Each provider must be one the matrix uses. Default: providers are limited only by the global limit.");

    /// <summary>How many machines share the providers' limits; each machine takes its share.</summary>
    public static SettingDefinition FleetSize { get; } = new(
        "FleetSize", "RUNNER_HARNESS_FLEET_SIZE", "RunnerHarnessFleetSize",
        "How many machines run against the same providers at once (e.g. the jobs of a CI matrix). Every provider limit is divided by it " +
        "(rounded down, at least 1), so the machines together stay within the provider's max_concurrency and requests_per_second. A whole number of 1 or more. Default: 1.");

    /// <summary>The folder of the machine-wide provider limits (lease files); read by RunnerHarness.Models.</summary>
    public static SettingDefinition LimitsDirectory { get; } = new(
        "LimitsDirectory", "RUNNER_HARNESS_LIMITS_DIR", "RunnerHarnessLimitsDirectory",
        "The folder where every process of the machine takes its leases of a provider's limits (docs/models.md), absolute or relative to the test project; " +
        "it must be on the machine's own disk and readable by its owner only. Default: runner-harness-limits-<user> in the temp folder ($TMPDIR).");

    /// <summary>The models file (providers, models, key variable names, limits); read by RunnerHarness.Models.</summary>
    public static SettingDefinition ModelsConfig { get; } = new(
        "ModelsConfig", "RUNNER_HARNESS_MODELS_CONFIG", "RunnerHarnessModelsConfig",
        "The models file: providers, models, key variable names and per-provider limits (docs/models.md), absolute or relative to the test project. " +
        "Default: runner-harness.models.json beside the test project if present, else every model runs simulated.");

    /// <summary>How model clients use the response cache: off, read-write, read-only or offline.</summary>
    public static SettingDefinition ModelCache { get; } = new(
        "ModelCache", "RUNNER_HARNESS_MODEL_CACHE", "RunnerHarnessModelCache",
        "How model calls use the response cache: off, read-write, read-only or offline (a miss fails the call; no request is sent). Default: read-write.");

    /// <summary>The response cache directory.</summary>
    public static SettingDefinition ModelCacheDirectory { get; } = new(
        "ModelCacheDirectory", "RUNNER_HARNESS_MODEL_CACHE_DIR", "RunnerHarnessModelCacheDirectory",
        "The response cache directory, absolute or relative to the test project. Default: runner-harness-model-cache beside the test project.");

    /// <summary>A debug run: every selected sample of model batches runs, held or not, and no result is recorded.</summary>
    public static SettingDefinition DebugRun { get; } = new(
        "DebugRun", "RUNNER_HARNESS_DEBUG_RUN", "RunnerHarnessDebugRun",
        "true for a debug run: the selected cells' samples run even when the store holds them, and no result of the run is recorded " +
        "(to step through a sample in a debugger without changing the study). true or false (case-insensitive). Default: false.");

    /// <summary>Whether a run id the store already holds records of may be written to again.</summary>
    public static SettingDefinition ContinueRun { get; } = new(
        "ContinueRun", "RUNNER_HARNESS_CONTINUE_RUN", "RunnerHarnessContinueRun",
        "true to add to a run the store already holds records of: without it, a run id given explicitly that the store already holds records of " +
        "(for this test assembly and shard) is refused, so a reused id never mixes two runs. true or false (case-insensitive). Default: false.");

    /// <summary>The run budget in US dollars: no row starts once this test host's priced model calls have cost it.</summary>
    public static SettingDefinition MaxCost { get; } = new(
        "MaxCost", "RUNNER_HARNESS_MAX_COST", "RunnerHarnessMaxCost",
        "The run budget in US dollars (docs/models.md): once the priced model calls of this test host have cost this much, no further row of a model batch starts; " +
        "rows already started finish and are recorded, rows not started are left for top-up. Each shard's process has its own budget. A number above 0, e.g. 2.50. Default: no budget.");

    // Made on first use: the filter settings are initialised in the generated part, whose order against this one is not defined.
    private static IReadOnlyList<SettingDefinition>? _all;

    /// <summary>Every setting, in the order they are described to users.</summary>
    public static IReadOnlyList<SettingDefinition> All => _all ??=
        [StorageFormat, StorePath, RunId, Shard, TargetSamples, .. Filters, MaxParallelRows, ProviderLimits,
            FleetSize, LimitsDirectory, ModelsConfig, ModelCache, ModelCacheDirectory, DebugRun, ContinueRun, MaxCost, StoreMirrorDirectory, UploadInterval];
}
