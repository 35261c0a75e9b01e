using Microsoft.Extensions.AI;
using RunnerHarness.Models;

namespace RecordingFixture;

/// <summary>
/// A plain theory (no model matrix) that asks <see cref="ModelClients"/> for the model its data names. With
/// RUNNER_HARNESS_MODELS_CONFIG pointing at models-unreachable.json and FIXTURE_MODEL_KEY unset, one model is not in the
/// file and the other's key variable is unset: configuration errors met during a row, which are not model results.
/// </summary>
public sealed class PlainModelCalls
{
    [Theory]
    [InlineData("gpt-4o-mini")]
    [InlineData("offline-model")]
    public async Task Summarise(string model)
    {
        var client = ModelClients.Get(model);
        await client.GetResponseAsync("Summarise the quarterly orders report in two sentences.");
    }
}
