using System.Globalization;

namespace RunnerHarness.Models.Configuration;

/// <summary>
/// The validated models configuration of a run (design contract 6): which provider serves each model, with its
/// endpoint, key variable names, limits and retry settings. Without a models file every model runs on the built-in
/// simulated provider (<see cref="BuiltInSimulation"/>). Immutable; made by <see cref="ModelsConfigurationReader"/>.
/// </summary>
public sealed class ModelsConfiguration
{
    /// <summary>The name of the built-in simulated provider used when there is no models file.</summary>
    public const string SimulatedProviderName = "simulated";

    internal ModelsConfiguration(
        string? sourcePath,
        string sourceDescription,
        IReadOnlyDictionary<string, ProviderDefinition> providers,
        IReadOnlyDictionary<string, ModelDefinition> models)
    {
        SourcePath = sourcePath;
        SourceDescription = sourceDescription;
        Providers = providers;
        Models = models;
    }

    /// <summary>Every model simulated, on the provider <see cref="SimulatedProviderName"/>: the configuration when there is no models file.</summary>
    public static ModelsConfiguration BuiltInSimulation { get; } = new(
        null,
        "no models file",
        new Dictionary<string, ProviderDefinition>(StringComparer.Ordinal)
        {
            [SimulatedProviderName] = new ProviderDefinition { Name = SimulatedProviderName, Kind = ProviderKind.Simulated, MaxConcurrency = int.MaxValue },
        },
        new Dictionary<string, ModelDefinition>(StringComparer.Ordinal));

    /// <summary>The full path of the models file, or <see langword="null"/> for <see cref="BuiltInSimulation"/>.</summary>
    public string? SourcePath { get; }

    /// <summary>Where the configuration came from, e.g. <c>/src/bench/runner-harness.models.json (from environment variable RUNNER_HARNESS_MODELS_CONFIG)</c>.</summary>
    public string SourceDescription { get; }

    /// <summary>The providers, by name.</summary>
    public IReadOnlyDictionary<string, ProviderDefinition> Providers { get; }

    /// <summary>The models named by the file, by name; empty for <see cref="BuiltInSimulation"/>, which serves any model.</summary>
    public IReadOnlyDictionary<string, ModelDefinition> Models { get; }

    /// <summary>Whether this is the built-in simulation (no models file); a file parsed from text without a path is not.</summary>
    public bool IsBuiltInSimulation => ReferenceEquals(this, BuiltInSimulation);

    /// <summary>The model <paramref name="model"/>: as the file names it, or on the simulated provider when there is no file.</summary>
    /// <exception cref="ModelsConfigurationException">A models file is in use and does not name <paramref name="model"/>.</exception>
    public ModelDefinition Resolve(string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (IsBuiltInSimulation)
        {
            return new ModelDefinition(model, SimulatedProviderName, model);
        }

        return Models.GetValueOrDefault(model) ?? throw new ModelsConfigurationException(
            $"RunnerHarness: the model '{model}' is not in the models file {SourceDescription}; it names {Quoted(Models.Keys)}. " +
            "Add it under \"models\" with its provider, or run only the models the file names (RUNNER_HARNESS_MODELS).");
    }

    /// <summary>The provider serving <paramref name="model"/>.</summary>
    /// <inheritdoc cref="Resolve" path="/exception"/>
    public ProviderDefinition ProviderOf(string model) => Providers[Resolve(model).Provider];

    /// <summary>
    /// Checks, before anything runs, that every model of <paramref name="models"/> is named and that every key
    /// variable of their providers is set (read through <paramref name="getVariable"/>).
    /// </summary>
    /// <exception cref="ModelsConfigurationException">A model is not named or a key variable is unset; the message names every one, never a key.</exception>
    public void CheckReady(IEnumerable<string> models, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(getVariable);
        if (IsBuiltInSimulation)
        {
            return;
        }

        var needed = models.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var problems = new List<string>();
        var unnamed = needed.Where(m => !Models.ContainsKey(m)).ToList();
        if (unnamed.Count > 0)
        {
            problems.Add($"the run needs the model{Plural(unnamed)} {Quoted(unnamed)}, which the file does not name (it names {Quoted(Models.Keys)})");
        }

        foreach (var provider in needed.Where(Models.ContainsKey).Select(m => Providers[Models[m].Provider]).Distinct())
        {
            var unset = provider.ApiKeyVariables.Where(v => string.IsNullOrEmpty(getVariable(v))).ToList();
            if (unset.Count > 0)
            {
                problems.Add($"the provider '{provider.Name}' takes its key{Plural(provider.ApiKeyVariables)} from the environment variable{Plural(unset)} {string.Join(", ", unset)}, which {(unset.Count == 1 ? "is" : "are")} not set");
            }
        }

        if (problems.Count > 0)
        {
            throw new ModelsConfigurationException($"RunnerHarness: the models file {SourceDescription} cannot serve this run: {string.Join("; ", problems)}.");
        }
    }

    /// <summary>Lines for the start of a run: where each of <paramref name="models"/> runs. Names key variables, never keys.</summary>
    public IReadOnlyList<string> Describe(IEnumerable<string> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var names = models.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (IsBuiltInSimulation)
        {
            var which = names.Count == 0 ? "every model" : $"every model ({string.Join(", ", names)})";
            return [$"RunnerHarness: models: {SourceDescription} (RUNNER_HARNESS_MODELS_CONFIG unset and no runner-harness.models.json beside the project): {which} runs simulated, on the built-in provider '{SimulatedProviderName}'; no network, no key."];
        }

        var lines = new List<string> { $"RunnerHarness: models from {SourceDescription}:" };
        foreach (var name in names.Where(Models.ContainsKey))
        {
            var model = Models[name];
            lines.Add($"RunnerHarness:   {name} -> {Describe(Providers[model.Provider])}, model id '{model.ModelId}'");
        }

        return lines;
    }

    private static string Describe(ProviderDefinition provider)
    {
        if (provider.Kind == ProviderKind.Simulated)
        {
            return string.Create(CultureInfo.InvariantCulture, $"provider '{provider.Name}' (simulated, seed {provider.Seed}{(provider.RealisticLatency ? ", realistic latency" : "")})");
        }

        var keys = provider.ApiKeyVariables.Count == 0 ? "no key" : $"keys from {string.Join(", ", provider.ApiKeyVariables)}";
        var rate = provider.RequestsPerSecond is { } perSecond ? string.Create(CultureInfo.InvariantCulture, $", {perSecond} requests/s") : "";
        var breaker = provider.BreakerFailures > 0
            ? string.Create(CultureInfo.InvariantCulture, $", breaker after {provider.BreakerFailures} failures in a row for {provider.BreakerCoolDown.TotalSeconds:0.###} s")
            : ", no breaker";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"provider '{provider.Name}' ({provider.KindName} at {provider.Endpoint?.ToString() ?? "the default endpoint"}, {keys}, up to {provider.MaxConcurrency} requests at once{rate}, {provider.MaxRetries} retries{breaker})");
    }

    private static string Quoted(IEnumerable<string> names)
    {
        var list = names.Order(StringComparer.Ordinal).Select(n => $"'{n}'").ToList();
        return list.Count == 0 ? "no model" : string.Join(", ", list);
    }

    private static string Plural<T>(IReadOnlyCollection<T> items) => items.Count == 1 ? "" : "s";
}
