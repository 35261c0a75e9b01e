using Microsoft.Extensions.AI;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Settings;

namespace RunnerHarness.Models;

/// <summary>
/// Where a test gets its model: <c>ModelClients.Get("gpt-4o-mini")</c> returns an <see cref="IChatClient"/> that calls
/// the model the models file names (or the simulated model when there is none) through its provider's limits, key pool,
/// retries and response cache, counts usage into the running sample's record and keeps the conversation in its
/// transcript. Users add layers of their own with <see cref="AddLayer"/>.
/// </summary>
/// <remarks>
/// Under the RunnerHarness recording framework the run's <see cref="ModelRuntime"/> is installed at start, after the
/// models file was checked against every model the run needs, and built on first need (a run that calls no model never
/// builds its pipelines). Elsewhere the first call makes one from the process
/// environment (<c>RUNNER_HARNESS_MODELS_CONFIG</c>, else <c>runner-harness.models.json</c> in the current directory).
/// </remarks>
public static class ModelClients
{
    private static readonly Lock Gate = new();
    private static Lazy<ModelRuntime>? _installed;
    private static ModelRuntime? _fromEnvironment;
    private static readonly List<Func<IChatClient, string, IChatClient>> AddedLayers = [];

    /// <summary>The runtime <see cref="Get"/> uses now.</summary>
    /// <exception cref="ModelsConfigurationException">No runtime is installed and the environment's models settings are invalid.</exception>
    public static ModelRuntime Runtime
    {
        get
        {
            Lazy<ModelRuntime>? installed;
            lock (Gate)
            {
                installed = _installed;
                if (installed is null)
                {
                    return _fromEnvironment ??= ModelRuntime.Create(
                        ModelRunSettings.Resolve(HarnessSettings.FromEnvironment(), Environment.CurrentDirectory));
                }
            }

            // Outside the gate: building the installed runtime may take a while, and must not hold AddLayer up.
            return installed.Value;
        }
    }

    /// <summary>The chat client of <paramref name="model"/> (the name the matrix uses).</summary>
    /// <exception cref="ModelsConfigurationException">A models file is in use and does not name <paramref name="model"/>, or the models settings are invalid.</exception>
    public static IChatClient Get(string model) => Runtime.GetClient(model);

    /// <summary>
    /// Adds a layer of your own around every model's client, outside the harness's layers (transcript, usage, cache,
    /// provider pipeline): <paramref name="layer"/> gets the client below it and the model's name and returns the client
    /// above, typically a <see cref="DelegatingChatClient"/> (logging, redaction, an <c>OpenTelemetryChatClient</c>). The
    /// first layer added is the outermost. Add layers before the first <see cref="Get"/> of the process (a module
    /// initializer or the test class's static constructor): clients are built once per model.
    /// </summary>
    /// <exception cref="InvalidOperationException">A model's client was already built; it would not get the layer.</exception>
    public static void AddLayer(Func<IChatClient, string, IChatClient> layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        lock (Gate)
        {
            if ((_installed is { IsValueCreated: true } installed && installed.Value.HasClients) || _fromEnvironment?.HasClients == true)
            {
                throw new InvalidOperationException(
                    "ModelClients.AddLayer was called after a model's client was built (ModelClients.Get), which would leave that client without the layer. " +
                    "Add layers before the first ModelClients.Get: in a module initializer or the test class's static constructor.");
            }

            AddedLayers.Add(layer);
        }
    }

    /// <summary>The layers <see cref="AddLayer"/> added, the first (outermost) first.</summary>
    internal static IReadOnlyList<Func<IChatClient, string, IChatClient>> Layers
    {
        get
        {
            lock (Gate)
            {
                return [.. AddedLayers];
            }
        }
    }

    /// <summary>Makes <paramref name="runtime"/> the one <see cref="Get"/> uses, process-wide, until the returned scope is disposed (which restores the previous one).</summary>
    public static IDisposable Use(ModelRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return UseOnFirstNeed(new Lazy<ModelRuntime>(runtime));
    }

    /// <summary>
    /// Makes the runtime <paramref name="runtime"/> builds, on the first <see cref="Get"/> that needs it, the one
    /// <see cref="Get"/> uses, process-wide, until the returned scope is disposed (which restores the previous one).
    /// </summary>
    internal static IDisposable UseOnFirstNeed(Lazy<ModelRuntime> runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        lock (Gate)
        {
            var previous = _installed;
            _installed = runtime;
            return new Restore(previous, runtime);
        }
    }

    private sealed class Restore(Lazy<ModelRuntime>? previous, Lazy<ModelRuntime> installed) : IDisposable
    {
        public void Dispose()
        {
            lock (Gate)
            {
                if (ReferenceEquals(_installed, installed))
                {
                    _installed = previous;
                }
            }
        }
    }
}
