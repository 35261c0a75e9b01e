using Microsoft.Extensions.AI;
using RunnerHarness.Models;
using RunnerHarness.Xunit;

namespace RecordingFixture;

/// <summary>
/// A plain theory (no model matrix) that asks <see cref="ModelClients"/> for the model its data names. With
/// RUNNER_HARNESS_MODELS_CONFIG pointing at models-unreachable.json and FIXTURE_MODEL_KEY unset, one model is not in the
/// file and the other's key variable is unset: configuration errors met during a row, which are not model results.
/// A call that answers leaves its conversation in the sample's transcript, with a note the test attaches.
/// </summary>
public sealed class PlainModelCalls
{
    [Theory]
    [InlineData("gpt-4o-mini")]
    [InlineData("offline-model")]
    public async Task Summarise(string model)
    {
        var client = ModelClients.Get(model);
        var summary = await client.GetResponseAsync("Summarise the quarterly orders report in two sentences.");

        // What the test adds to the sample's transcript beside the conversation the model client kept.
        ModelTestContext.Current.AddToTranscript("user", $"reviewer note: the summary has {summary.Text.Split('.').Length - 1} sentence(s)");
    }
}
