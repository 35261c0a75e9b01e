using System.Globalization;
using System.Text;
using RunnerHarness.Store;
using RunnerHarness.Store.Remote;

namespace RunnerHarness.Settings;

/// <summary>
/// The validated, immutable harness settings of one run, each remembering where its value came from.
/// Made once from <see cref="HarnessOptions"/>.
/// </summary>
public sealed class HarnessSettings
{
    /// <summary>The store directory used when no source names one, relative to the working directory.</summary>
    public const string DefaultStoreDirectoryName = "runner-harness-store";

    /// <summary>The default of <see cref="MaxParallelRows"/>: model calls are slow I/O, so more rows than cores pay off.</summary>
    public const int DefaultMaxParallelRows = 16;

    /// <summary>
    /// The default of <see cref="UploadInterval"/>, in seconds: a minute of results is what a dying machine may lose. Shorter
    /// costs more objects (three per interval per shard: data file, summary, transcripts) and smaller files for reports to open;
    /// a model call takes seconds, so a minute is a handful of rows per shard.
    /// </summary>
    internal const int DefaultUploadIntervalSeconds = 60;

    private readonly IReadOnlyDictionary<string, SettingOrigin> _origins;
    private readonly IReadOnlyDictionary<string, RawSetting> _raw;

    private HarnessSettings(
        StorageFormat format,
        string storePath,
        string runId,
        ShardSpec? shard,
        int? targetSamples,
        MatrixFilter filter,
        int maxParallelRows,
        IReadOnlyList<ProviderLimit> providerLimits,
        int fleetSize,
        bool debugRun,
        bool continueRun,
        double? maxCostUsd,
        (string? Url, string? MirrorRoot, TimeSpan UploadInterval) remote,
        IReadOnlyDictionary<string, SettingOrigin> origins,
        IReadOnlyDictionary<string, RawSetting> raw)
    {
        StoreUrl = remote.Url;
        StoreMirrorRoot = remote.MirrorRoot;
        UploadInterval = remote.UploadInterval;
        DebugRun = debugRun;
        ContinueRun = continueRun;
        MaxCostUsd = maxCostUsd;
        _raw = raw;
        MaxParallelRows = maxParallelRows;
        ProviderLimits = providerLimits;
        FleetSize = fleetSize;
        Format = format;
        StorePath = storePath;
        RunId = runId;
        Shard = shard;
        TargetSamples = targetSamples;
        Filter = filter;
        _origins = origins;
    }

    /// <summary>
    /// The run budget in US dollars (<see cref="HarnessSettingDefinitions.MaxCost"/>), or <see langword="null"/> for none:
    /// no row of a model batch starts once this process's priced model calls have cost it.
    /// </summary>
    public double? MaxCostUsd { get; }

    /// <summary>The format new records are sealed in.</summary>
    public StorageFormat Format { get; }

    /// <summary>
    /// The full path of the store directory; for a store in object storage (<see cref="StoreUrl"/>), of this machine's
    /// mirror folder of it, where the test host writes and reads.
    /// </summary>
    public string StorePath { get; }

    /// <summary>The store's URL (<c>az://…</c>, <c>s3://…</c>) when it is in object storage, else <see langword="null"/>.</summary>
    internal string? StoreUrl { get; }

    /// <summary>The full path of the folder the mirror of <see cref="StoreUrl"/> lives under, or <see langword="null"/> for the default.</summary>
    internal string? StoreMirrorRoot { get; }

    /// <summary>For a store in object storage: how long a result may wait in the mirror before it is sealed and uploaded.</summary>
    internal TimeSpan UploadInterval { get; }

    /// <summary>The store as a user names it: its URL, or its directory.</summary>
    internal string StoreName => StoreUrl ?? StorePath;

    /// <summary>The run id stamped on every record.</summary>
    public string RunId { get; }

    /// <summary>The shard this process runs, or <see langword="null"/> for all rows.</summary>
    public ShardSpec? Shard { get; }

    /// <summary>Samples wanted per matrix cell, or <see langword="null"/> when the batch's own count applies.</summary>
    public int? TargetSamples { get; }

    /// <summary>Which models, prompt types, difficulties and task types run.</summary>
    internal MatrixFilter Filter { get; }

    /// <summary>How many rows of model batches run at once, across all providers. Default: <see cref="DefaultMaxParallelRows"/>.</summary>
    public int MaxParallelRows { get; }

    /// <summary>Per-provider row limits, in the order given; empty by default (providers share only the global limit).</summary>
    public IReadOnlyList<ProviderLimit> ProviderLimits { get; }

    /// <summary>How many machines share the providers' limits (<c>RUNNER_HARNESS_FLEET_SIZE</c>); every limit is divided by it. Default: 1.</summary>
    public int FleetSize { get; }

    /// <summary>
    /// Whether this is a debug run: model batches run every selected sample, held or not, and nothing is recorded, so
    /// stepping through a sample in a debugger leaves the study as it was. Default: <see langword="false"/>.
    /// </summary>
    public bool DebugRun { get; }

    /// <summary>
    /// Whether this process may add to a run the store already holds records of (<see cref="HarnessSettingDefinitions.ContinueRun"/>).
    /// Without it, a run id given explicitly that already has records of this assembly and shard is refused. Default: <see langword="false"/>.
    /// </summary>
    public bool ContinueRun { get; }

    /// <summary>Whether the run id was given by a source (not generated), so that it can name a run the store already holds.</summary>
    public bool RunIdGiven => _origins.ContainsKey(HarnessSettingDefinitions.RunId.Key) && OriginOf(HarnessSettingDefinitions.RunId).Source != SettingSource.BuiltInDefault;

    /// <summary>Resolves settings from the process environment alone, relative to the current directory.</summary>
    public static HarnessSettings FromEnvironment() =>
        new HarnessOptions().AddEnvironment(Environment.GetEnvironmentVariable).Build(Environment.CurrentDirectory);

    /// <summary>Where the value of <paramref name="setting"/> came from.</summary>
    internal SettingOrigin OriginOf(SettingDefinition setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return _origins.GetValueOrDefault(setting.Key) ?? SettingOrigin.Default;
    }

    /// <summary>
    /// The value <paramref name="setting"/> was given, as given, or <see langword="null"/> when no source set it. For
    /// settings another part of the harness validates (the models file and response cache, read by RunnerHarness.Models).
    /// </summary>
    internal RawSetting? RawValueOf(SettingDefinition setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return _raw.GetValueOrDefault(setting.Key);
    }

    /// <summary>One line for the start of a run: format, store and run id, each with its source.</summary>
    public string Describe()
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"format {Format.ToString().ToLowerInvariant()} (from {OriginOf(HarnessSettingDefinitions.StorageFormat)}), ")
            .Append(CultureInfo.InvariantCulture, $"store {StoreName} (from {OriginOf(HarnessSettingDefinitions.StorePath)}), ")
            .Append(CultureInfo.InvariantCulture, $"run {RunId} (from {OriginOf(HarnessSettingDefinitions.RunId)})");
        if (StoreUrl is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", mirror {StorePath}, sealed and uploaded at least every {UploadInterval.TotalSeconds:0} s (from {OriginOf(HarnessSettingDefinitions.UploadInterval)})");
        }

        if (Shard is { } shard)
        {
            text.Append(CultureInfo.InvariantCulture, $", shard {shard} (from {OriginOf(HarnessSettingDefinitions.Shard)})");
        }

        if (TargetSamples is { } target)
        {
            text.Append(CultureInfo.InvariantCulture, $", target {target} samples per cell (from {OriginOf(HarnessSettingDefinitions.TargetSamples)})");
        }

        if (DebugRun)
        {
            text.Append(CultureInfo.InvariantCulture, $", debug run: held samples run again and nothing is recorded (from {OriginOf(HarnessSettingDefinitions.DebugRun)})");
        }

        return text.ToString();
    }

    /// <summary>
    /// The full path of the store <paramref name="options"/> name (<see cref="HarnessSettingDefinitions.StorePath"/>), else of
    /// <see cref="DefaultStoreDirectoryName"/>, against <paramref name="workingDirectory"/>: the one rule the test host and the
    /// <c>runner-harness</c> tool find a store by, so both name the same store for the same settings.
    /// </summary>
    /// <exception cref="HarnessSettingsException">The path holds control characters.</exception>
    internal static string ResolveStorePath(HarnessOptions options, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ParseStorePath(options.Get(HarnessSettingDefinitions.StorePath), workingDirectory);
    }

    internal static HarnessSettings FromOptions(HarnessOptions options, string workingDirectory, TimeProvider time)
    {
        var origins = HarnessSettingDefinitions.All
            .Select(s => (s.Key, Origin: options.Get(s)?.Origin))
            .Where(p => p.Origin is not null)
            .ToDictionary(p => p.Key, p => p.Origin!, StringComparer.Ordinal);
        var raw = HarnessSettingDefinitions.All
            .Select(s => (s.Key, Value: options.Get(s)))
            .Where(p => p.Value is not null)
            .ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);

        var store = options.Get(HarnessSettingDefinitions.StorePath);
        var mirrorRoot = ParseMirrorRoot(options.Get(HarnessSettingDefinitions.StoreMirrorDirectory), workingDirectory);
        var storeUrl = store is not null && RemoteStores.IsUrl(store.Value) ? store.Value : null;
        return new HarnessSettings(
            ParseFormat(options.Get(HarnessSettingDefinitions.StorageFormat)),
            storeUrl is null ? ParseStorePath(store, workingDirectory) : MirrorOf(store!, mirrorRoot),
            ParseRunId(options.Get(HarnessSettingDefinitions.RunId), time),
            ParseShard(options.Get(HarnessSettingDefinitions.Shard)),
            ParseTargetSamples(options.Get(HarnessSettingDefinitions.TargetSamples)),
            MatrixFilter.Of(axis => ParseList(options.Get(HarnessSettingDefinitions.FilterOf(axis)))),
            ParseMaxParallelRows(options.Get(HarnessSettingDefinitions.MaxParallelRows)),
            ParseProviderLimits(options.Get(HarnessSettingDefinitions.ProviderLimits)),
            ParseFleetSize(options.Get(HarnessSettingDefinitions.FleetSize)),
            ParseFlag(options.Get(HarnessSettingDefinitions.DebugRun)),
            ParseFlag(options.Get(HarnessSettingDefinitions.ContinueRun)),
            ParseMaxCost(options.Get(HarnessSettingDefinitions.MaxCost)),
            (storeUrl, mirrorRoot, TimeSpan.FromSeconds(ParseUploadInterval(options.Get(HarnessSettingDefinitions.UploadInterval)))),
            origins,
            raw);
    }

    /// <summary>The names <see cref="TryParseFormat"/> takes, for messages.</summary>
    public const string FormatNames = "json, parquet (case-insensitive)";

    /// <summary>
    /// The one rule for naming a storage format, used by the test host and the <c>runner-harness</c> tool alike:
    /// <c>json</c> or <c>parquet</c>, in any case, surrounding white space ignored (as every setting's value is trimmed).
    /// </summary>
    public static bool TryParseFormat(string? text, out StorageFormat format)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "json":
                format = StorageFormat.Json;
                return true;
            case "parquet":
                format = StorageFormat.Parquet;
                return true;
            default:
                format = default;
                return false;
        }
    }

    private static StorageFormat ParseFormat(RawSetting? raw) =>
        raw is null ? StorageFormat.Json
        : TryParseFormat(raw.Value, out var format) ? format
        : throw Invalid(raw, FormatNames);

    private static string ParseStorePath(RawSetting? raw, string workingDirectory)
    {
        var path = raw?.Value ?? DefaultStoreDirectoryName;
        if (path.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            throw Invalid(raw!, "a directory path without control characters");
        }

        return Path.GetFullPath(path, workingDirectory);
    }

    /// <summary>The mirror folder of the store URL <paramref name="raw"/> names; the URL and environment are checked here, at start.</summary>
    private static string MirrorOf(RawSetting raw, string? mirrorRoot)
    {
        try
        {
            return RemoteStores.Connector(raw.Value).MirrorOf(raw.Value, mirrorRoot, Environment.GetEnvironmentVariable);
        }
        catch (RemoteStoreException ex)
        {
            throw new HarnessSettingsException($"RunnerHarness: {raw.Origin} names the store {raw.Value}, which cannot be used: {ex.Message}", ex);
        }
    }

    private static string? ParseMirrorRoot(RawSetting? raw, string workingDirectory)
    {
        if (raw is null)
        {
            return null;
        }

        return raw.Value.IndexOfAny(Path.GetInvalidPathChars()) < 0
            ? Path.GetFullPath(raw.Value, workingDirectory)
            : throw Invalid(raw, "a directory path without control characters");
    }

    private static int ParseUploadInterval(RawSetting? raw)
    {
        if (raw is null)
        {
            return DefaultUploadIntervalSeconds;
        }

        return int.TryParse(raw.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds >= 1
            ? seconds
            : throw Invalid(raw, "a whole number of seconds, 1 or more");
    }

    private static string ParseRunId(RawSetting? raw, TimeProvider time)
    {
        if (raw is null)
        {
            return RunIdentity.NewRunId(time);
        }

        if (!RunIdentity.IsValidRunId(raw.Value))
        {
            throw Invalid(raw, "1 to 100 letters, digits, '.', '_' or '-'");
        }

        return raw.Value;
    }

    private static ShardSpec? ParseShard(RawSetting? raw)
    {
        if (raw is null)
        {
            return null;
        }

        return ShardSpec.TryParse(raw.Value, out var shard)
            ? shard
            : throw Invalid(raw, "i/n with whole numbers 0 <= i < n, e.g. 0/4 or 3/4");
    }

    private static int? ParseTargetSamples(RawSetting? raw)
    {
        if (raw is null)
        {
            return null;
        }

        return int.TryParse(raw.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var target) && target >= 1
            ? target
            : throw Invalid(raw, "a whole number of 1 or more");
    }

    private static int ParseMaxParallelRows(RawSetting? raw)
    {
        if (raw is null)
        {
            return DefaultMaxParallelRows;
        }

        return int.TryParse(raw.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit) && limit >= 1
            ? limit
            : throw Invalid(raw, "a whole number of 1 or more");
    }

    private static int ParseFleetSize(RawSetting? raw)
    {
        if (raw is null)
        {
            return 1;
        }

        return int.TryParse(raw.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var machines) && machines >= 1
            ? machines
            : throw Invalid(raw, "a whole number of 1 or more (the machines running against the same providers at once)");
    }

    private static double? ParseMaxCost(RawSetting? raw)
    {
        if (raw is null)
        {
            return null;
        }

        return double.TryParse(raw.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var usd) && usd > 0 && double.IsFinite(usd)
            ? usd
            : throw Invalid(raw, "a number of US dollars above 0, with '.' as the decimal point, e.g. 2.50");
    }

    private static IReadOnlyList<ProviderLimit> ParseProviderLimits(RawSetting? raw)
    {
        if (raw is null)
        {
            return [];
        }

        return ProviderLimit.TryParseList(raw.Value, out var limits, out var problem)
            ? limits
            : throw new HarnessSettingsException($"RunnerHarness: {raw.Origin} has the invalid value '{raw.Value}': {problem}. Valid values: {ProviderLimit.Syntax}.");
    }

    private static bool ParseFlag(RawSetting? raw) => raw?.Value.ToLowerInvariant() switch
    {
        null or "false" => false,
        "true" => true,
        _ => throw Invalid(raw, "true, false (case-insensitive)"),
    };

    private static string[] ParseList(RawSetting? raw) =>
        raw is null ? [] : raw.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static HarnessSettingsException Invalid(RawSetting raw, string valid) =>
        new($"RunnerHarness: {raw.Origin} has the invalid value '{raw.Value}'. Valid values: {valid}.");
}
