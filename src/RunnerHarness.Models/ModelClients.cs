using Microsoft.Extensions.AI;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Settings;

namespace RunnerHarness.Models;

/// <summary>
/// Where a test gets its model: <c>ModelClients.Get("gpt-4o-mini")</c> returns an <see cref="IChatClient"/> that calls
/// the model the models file names (or the simulated model when there is none) through its provider's limits, key pool,
/// retries and response cache, and counts usage into the running sample's record.
/// </summary>
/// <remarks>
/// Under the RunnerHarness recording framework the run's <see cref="ModelRuntime"/> is installed at start, after the
/// models file was checked against every model the run needs. Elsewhere the first call makes one from the process
/// environment (<c>RUNNER_HARNESS_MODELS_CONFIG</c>, else <c>runner-harness.models.json</c> in the current directory).
/// </remarks>
public static class ModelClients
{
    private static readonly Lock Gate = new();
    private static ModelRuntime? _installed;
    private static ModelRuntime? _fromEnvironment;

    /// <summary>The runtime <see cref="Get"/> uses now.</summary>
    /// <exception cref="ModelsConfigurationException">No runtime is installed and the environment's models settings are invalid.</exception>
    public static ModelRuntime Runtime
    {
        get
        {
            lock (Gate)
            {
                return _installed ?? (_fromEnvironment ??= ModelRuntime.Create(
                    ModelRunSettings.Resolve(HarnessSettings.FromEnvironment(), Environment.CurrentDirectory)));
            }
        }
    }

    /// <summary>The chat client of <paramref name="model"/> (the name the matrix uses).</summary>
    /// <exception cref="ModelsConfigurationException">A models file is in use and does not name <paramref name="model"/>, or the models settings are invalid.</exception>
    public static IChatClient Get(string model) => Runtime.GetClient(model);

    /// <summary>Makes <paramref name="runtime"/> the one <see cref="Get"/> uses, process-wide, until the returned scope is disposed (which restores the previous one).</summary>
    public static IDisposable Use(ModelRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        lock (Gate)
        {
            var previous = _installed;
            _installed = runtime;
            return new Restore(previous, runtime);
        }
    }

    private sealed class Restore(ModelRuntime? previous, ModelRuntime installed) : IDisposable
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
