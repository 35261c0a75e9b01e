using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Models.Limits;
using RunnerHarness.Models.Pipeline;
using RunnerHarness.Models.Simulation;
using RunnerHarness.Models.Transcripts;
using RunnerHarness.Models.Usage;
using RunnerHarness.Scheduling;
using RunnerHarness.Settings;

namespace RunnerHarness.Models;

/// <summary>
/// The model clients of one run: one <see cref="ProviderPipeline"/> per provider (shared by its models), one HTTP
/// connection pool per provider, the response cache, and a client per model. The recording framework makes one per
/// test run and installs it with <see cref="ModelClients.Use"/>; dispose it when the run ends. Thread-safe.
/// </summary>
public sealed class ModelRuntime : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<IChatClient>> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProviderPipeline> _pipelines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HttpClient> _http = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<IDisposable> _owned = [];
    private readonly ResponseCache? _cache;
    private readonly Dictionary<string, IReadOnlyList<string>> _unsetKeyVariables = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly Dictionary<string, IRowStartRate> _rowStartRates = new(StringComparer.OrdinalIgnoreCase);
    private readonly IReadOnlyList<Func<IChatClient, string, IChatClient>> _layers;

    private ModelRuntime(
        ModelRunSettings settings, IReadOnlyList<ProviderLimit> limits, Func<string, string?> getVariable, TimeProvider time, Action<string> notices, IReadOnlyList<Func<IChatClient, string, IChatClient>> layers)
    {
        _layers = layers;
        Settings = settings;
        ProviderLimits = limits;
        _time = time;
        _cache = settings.CacheMode == ResponseCacheMode.Off ? null : new ResponseCache(settings.CacheDirectory, settings.CacheMode);
        foreach (var provider in settings.Models.Providers.Values)
        {
            var values = provider.ApiKeyVariables.Select(v => (Variable: v, Key: getVariable(v))).ToList();
            var keys = values.Where(k => !string.IsNullOrEmpty(k.Key)).Select(k => (k.Variable, k.Key!)).ToList();
            _unsetKeyVariables[provider.Name] = [.. values.Where(k => string.IsNullOrEmpty(k.Key)).Select(k => k.Variable)];
            var limit = limits.FirstOrDefault(l => string.Equals(l.Provider, provider.Name, StringComparison.OrdinalIgnoreCase));
            _pipelines[provider.Name] = new ProviderPipeline(provider, limit, keys, time, notices, MachineWide(provider, limit, settings.LimitsDirectory, time));
        }

        // A provider the models file does not name is called by the tests themselves: its rate is applied to row starts,
        // on a board of the machine like the requests' (one folder per provider name).
        foreach (var limit in limits.Where(l => l.RowStartsPerSecond is not null && !RequestRatedProviders.Contains(l.Provider, StringComparer.OrdinalIgnoreCase)))
        {
            var board = new ProviderLeaseBoard(
                MachineLimitsFolder.OfRowStarts(LimitsDirectory, limit.Provider), MachineLimitsFolder.RowStartIdentity(limit.Provider), LeaseOwner.Current);
            var rate = new MachineWideRowStartRate(new MachineWideLimiter(board, int.MaxValue, limit.RowStartsPerSecond, time));
            _owned.Add(rate);
            _rowStartRates[limit.Provider] = rate;
        }
    }

    /// <summary>The folder of the machine-wide limits this runtime takes its leases in.</summary>
    public string LimitsDirectory => Settings.LimitsDirectory ?? MachineLimitsFolder.Default;

    /// <summary>
    /// One line for the start of a run: where the machine-wide limits live, for how long a lease holds, and the fleet
    /// size, e.g. <c>RunnerHarness: provider limits are shared by every process of this machine: leases in /tmp/runner-harness-limits-ci (10 s lease) ...</c>.
    /// </summary>
    public string DescribeMachineLimits()
    {
        var fleet = Settings.FleetSize == 1
            ? "fleet size 1 (RUNNER_HARNESS_FLEET_SIZE: other machines are not counted)"
            : $"fleet size {Settings.FleetSize}: each limit is this machine's 1/{Settings.FleetSize} share";
        return $"RunnerHarness: provider limits are shared by every process of this machine: leases in {LimitsDirectory} " +
            $"({MachineWideLimiter.LeaseTime.TotalSeconds:0} s lease, taken back at once from an ended process); {fleet}";
    }

    /// <summary>The settings the runtime was made from.</summary>
    public ModelRunSettings Settings { get; }

    /// <summary>The limits the providers' pipelines apply, one per provider that has any (see <see cref="EffectiveLimits"/>).</summary>
    public IReadOnlyList<ProviderLimit> ProviderLimits { get; }

    /// <summary>
    /// Makes the runtime. <paramref name="limits"/> are the per-provider limits to apply (normally
    /// <see cref="EffectiveLimits"/>, as the row limiter got them); key values are read through <paramref name="getVariable"/>
    /// (default: the process environment) and held in memory only. <paramref name="notices"/> receives the lines the user
    /// must see during the run, e.g. a key the provider rejected, named by its variable (default: standard error).
    /// <paramref name="layers"/> are layers of the caller's own around every model's client (each gets the client below it
    /// and the model's name), the first outermost, inside those of <see cref="ModelClients.AddLayer"/>.
    /// </summary>
    public static ModelRuntime Create(
        ModelRunSettings settings,
        IReadOnlyList<ProviderLimit>? limits = null,
        Func<string, string?>? getVariable = null,
        TimeProvider? time = null,
        Action<string>? notices = null,
        IReadOnlyList<Func<IChatClient, string, IChatClient>>? layers = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ModelRuntime(
            settings,
            limits ?? EffectiveLimits(settings.Models, [], settings.FleetSize),
            getVariable ?? Environment.GetEnvironmentVariable,
            time ?? TimeProvider.System,
            notices ?? Console.Error.WriteLine,
            layers ?? []);
    }

    /// <summary>
    /// The one set of per-provider limits of a run: each provider of the models file with its <c>max_concurrency</c> and
    /// <c>requests_per_second</c>, where <paramref name="settingsLimits"/> (<c>RUNNER_HARNESS_PROVIDER_LIMITS</c>) replaces
    /// the file's values for the providers it names, plus the settings' limits of providers the file does not name, each
    /// divided by <paramref name="fleetSize"/> (<c>RUNNER_HARNESS_FLEET_SIZE</c>: the machines sharing the providers; rounded
    /// down, at least 1). The row limiter and the providers' pipelines both take these; <c>docs/models.md</c> says who applies which part.
    /// </summary>
    public static IReadOnlyList<ProviderLimit> EffectiveLimits(ModelsConfiguration models, IReadOnlyList<ProviderLimit> settingsLimits, int fleetSize = 1)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(settingsLimits);
        ArgumentOutOfRangeException.ThrowIfLessThan(fleetSize, 1);
        var fromFile = models.IsBuiltInSimulation
            ? []
            : models.Providers.Values
                .Where(p => !settingsLimits.Any(l => string.Equals(l.Provider, p.Name, StringComparison.OrdinalIgnoreCase)))
                .Select(p => new ProviderLimit(p.Name, p.MaxConcurrency, p.RequestsPerSecond));
        return [.. settingsLimits.Concat(fromFile).Select(l => ShareOf(l, fleetSize))];
    }

    // One machine's share of a fleet's limit. An unlimited concurrency stays unlimited.
    private static ProviderLimit ShareOf(ProviderLimit limit, int fleetSize) => fleetSize == 1 ? limit : limit with
    {
        MaxConcurrentRows = limit.MaxConcurrentRows == int.MaxValue ? int.MaxValue : Math.Max(1, limit.MaxConcurrentRows / fleetSize),
        RowStartsPerSecond = limit.RowStartsPerSecond is { } rate ? Math.Max(1, rate / fleetSize) : null,
    };

    /// <summary>
    /// The machine-wide rates of row starts of the providers only <c>RUNNER_HARNESS_PROVIDER_LIMITS</c> names (not the
    /// models file), for the row limiter: their requests do not go through the runtime, so their rate is applied to row starts.
    /// </summary>
    public IReadOnlyDictionary<string, IRowStartRate> RowStartRates => _rowStartRates;

    /// <summary>The providers whose request rate the pipelines apply per request (those of the models file), so the row limiter must not apply it to row starts as well.</summary>
    public IReadOnlyCollection<string> RequestRatedProviders => Settings.Models.IsBuiltInSimulation ? [] : [.. Settings.Models.Providers.Keys];

    /// <summary>
    /// The chat client of <paramref name="model"/>: its provider's pipeline around the OpenAI SDK client (one per key) or
    /// around the simulated model. One client per model name for the runtime's life.
    /// </summary>
    /// <exception cref="ModelsConfigurationException">
    /// A models file is in use and does not name <paramref name="model"/>, or a key variable of its provider was not set
    /// when the runtime was made: a call must not go out without the key the file says it needs.
    /// </exception>
    public IChatClient GetClient(string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        var definition = Settings.Models.Resolve(model);
        if (_unsetKeyVariables.GetValueOrDefault(definition.Provider) is { Count: > 0 } unset)
        {
            throw new ModelsConfigurationException(
                $"RunnerHarness: the model '{model}' cannot be called: the provider '{definition.Provider}' of the models file {Settings.Models.SourceDescription} " +
                $"takes its key{(Settings.Models.Providers[definition.Provider].ApiKeyVariables.Count == 1 ? "" : "s")} from the environment variable{(unset.Count == 1 ? "" : "s")} " +
                $"{string.Join(", ", unset)}, which {(unset.Count == 1 ? "is" : "are")} not set. Set {(unset.Count == 1 ? "it" : "them")} before the run starts.");
        }

        return _clients.GetOrAdd(model, _ => new Lazy<IChatClient>(() => Build(definition))).Value;
    }

    /// <summary>The pipeline of <paramref name="provider"/>, for tests and diagnostics.</summary>
    internal ProviderPipeline PipelineOf(string provider) => _pipelines[provider];

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        foreach (var pipeline in _pipelines.Values)
        {
            pipeline.Dispose();
        }

        foreach (var http in _http.Values)
        {
            http.Dispose();
        }
    }

    // Every process of the machine calling the provider takes its requests' leases in one folder.
    private static MachineWideLimiter? MachineWide(ProviderDefinition provider, ProviderLimit? limit, string? root, TimeProvider time)
    {
        if (limit is null || (limit.MaxConcurrentRows == int.MaxValue && limit.RowStartsPerSecond is null))
        {
            return null;
        }

        var board = new ProviderLeaseBoard(MachineLimitsFolder.Of(root ?? MachineLimitsFolder.Default, provider), MachineLimitsFolder.Identity(provider), LeaseOwner.Current);
        return new MachineWideLimiter(board, limit.MaxConcurrentRows, limit.RowStartsPerSecond, time);
    }

    private IChatClient Build(ModelDefinition model)
    {
        var pipeline = _pipelines[model.Provider];
        var provider = pipeline.Provider;
        if (provider.Kind == ProviderKind.Simulated)
        {
            var simulated = new SimulatedChatClient(model.ModelId, new SimulatedModelOptions(provider.Seed, provider.RealisticLatency));
            _owned.Add(simulated);

            // Simulated models are not cached: they need no network and are deterministic.
            return Layers(model, new ProviderPipelineChatClient(model, pipeline, _ => simulated), cache: null);
        }

        var http = HttpClientOf(provider);
        var perSlot = new IChatClient[pipeline.KeySlots];
        for (var slot = 0; slot < perSlot.Length; slot++)
        {
            perSlot[slot] = OpenAIChatClients.Create(provider, model.ModelId, pipeline.KeyAt(slot), http);
            _owned.Add(perSlot[slot]);
        }

        return Layers(model, new ProviderPipelineChatClient(model, pipeline, slot => perSlot[slot]), _cache);
    }

    /// <summary>Whether a model's client was built: layers added later (<see cref="ModelClients.AddLayer"/>) would not reach it.</summary>
    internal bool HasClients => !_clients.IsEmpty;

    /// <summary>
    /// The layers of a model's client, outermost first: the users' own layers (<see cref="ModelClients.AddLayer"/>, the first
    /// added outermost, then those given to <see cref="Create"/>), the sample's transcript, the sample's usage, the response cache (when on), then the provider's
    /// pipeline. Each is a <see cref="DelegatingChatClient"/> of its own, composed with <see cref="ChatClientBuilder"/>;
    /// every call, whole or streamed, passes all.
    /// </summary>
    private IChatClient Layers(ModelDefinition model, ProviderPipelineChatClient pipeline, ResponseCache? cache)
    {
        var builder = new ChatClientBuilder(pipeline);
        foreach (var layer in ModelClients.Layers.Concat(_layers))
        {
            builder.Use(inner => layer(inner, model.Name));
        }

        builder.Use(inner => new TranscriptCaptureChatClient(inner, model.Name))
            .Use(inner => new SampleUsageChatClient(inner, model, _pipelines[model.Provider].Provider.Kind, _time));
        if (cache is not null)
        {
            builder.Use(inner => new ResponseCacheChatClient(inner, cache, _pipelines[model.Provider].Provider, model, _time));
        }

        return builder.Build();
    }

    private HttpClient HttpClientOf(ProviderDefinition provider)
    {
        lock (_http)
        {
            if (!_http.TryGetValue(provider.Name, out var http))
            {
                // One connection pool per provider; the pipeline, not HttpClient, times attempts out.
                // SendMarkingHandler tells each request's machine-wide lease when the request left and when its exchange ended.
                http = new HttpClient(new SendMarkingHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })) { Timeout = Timeout.InfiniteTimeSpan };
                _http[provider.Name] = http;
            }

            return http;
        }
    }
}
