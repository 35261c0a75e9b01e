using Microsoft.Extensions.AI;
using RunnerHarness.Models;
using RunnerHarness.Models.Pipeline;
using RunnerHarness.Schema;
using RunnerHarness.Xunit;

namespace RecordingFixture;

/// <summary>
/// A model batch that calls its model through <see cref="ModelClients"/>. With RUNNER_HARNESS_MODELS_CONFIG pointing at
/// models-unreachable.json, sim-small runs on the simulated provider and offline-model on a provider nobody listens
/// on; the test swallows the provider's failure and scores the sample a success, which the record must not believe.
/// </summary>
public sealed class ModelClientBatch
{
    [Theory]
    [ModelMatrix(Models = ["sim-small", "offline-model"], PromptTypes = ["optimal"], Difficulties = ["easy"], TaskTypes = ["data_pipeline"], SamplesPerCell = 2)]
    public async Task Ask(ModelCase modelCase)
    {
        ArgumentNullException.ThrowIfNull(modelCase);
        var client = ModelClients.Get(modelCase.Model!);
        try
        {
            await client.GetResponseAsync("Plan the data pipeline: read orders.csv, validate it, transform it and write the report.");
        }
        catch (ModelProviderException)
        {
            // An agent loop that carries on after a failed call: the framework still records an infrastructure failure.
        }

        ModelTestContext.Current.SuccessLevel = SuccessLevel.FullSuccess;
    }
}
