using System.Text;
using Microsoft.Extensions.AI;
using RunnerHarness.Models;
using RunnerHarness.Schema;
using RunnerHarness.Xunit;

namespace RecordingFixture;

/// <summary>
/// A model batch that streams its model's answer (<c>GetStreamingResponseAsync</c>) and reads it to its end, as a chat
/// front end does: its records carry the time to first token and the output tokens per second.
/// </summary>
public sealed class StreamingModelBatch
{
    [Theory]
    [ModelMatrix(Models = ["qwen2.5-7b"], PromptTypes = ["optimal"], Difficulties = ["easy"], TaskTypes = ["data_pipeline"], SamplesPerCell = 2)]
    public async Task Stream(ModelCase modelCase)
    {
        ArgumentNullException.ThrowIfNull(modelCase);
        var answer = new StringBuilder();
        await foreach (var update in ModelClients.Get(modelCase.Model!).GetStreamingResponseAsync("Plan the data pipeline: read orders.csv, validate it, transform it and write the report."))
        {
            answer.Append(update.Text);
        }

        Assert.NotEqual(0, answer.Length);
        ModelTestContext.Current.SuccessLevel = SuccessLevel.FullSuccess;
    }
}
