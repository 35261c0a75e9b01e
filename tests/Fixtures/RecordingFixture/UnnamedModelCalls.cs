using Microsoft.Extensions.AI;
using RunnerHarness.Models;
using RunnerHarness.Xunit;

namespace RecordingFixture;

/// <summary>
/// Plain theories whose arguments name no model: the model under test is the one they ask <see cref="ModelClients"/>
/// for. <see cref="Summarise"/> calls one model; <see cref="SummariseAndJudge"/> also asks a second model to grade the
/// answer (LLM as a judge) without saying which is under test; <see cref="SummariseAndJudgeNamingTheModel"/> does the same
/// and names the model under test with <see cref="ModelTestContext.SetDimension"/>.
/// </summary>
public sealed class UnnamedModelCalls
{
    private const string ModelUnderTest = "gpt-4o-mini";
    private const string Judge = "gpt-4o";

    [Theory]
    [InlineData("quarterly orders report")]
    [InlineData("incident postmortem")]
    public async Task Summarise(string document)
    {
        await ModelClients.Get(ModelUnderTest).GetResponseAsync($"Summarise the {document} in two sentences.");
    }

    [Theory]
    [InlineData("quarterly orders report")]
    public async Task SummariseAndJudge(string document)
    {
        var summary = await ModelClients.Get(ModelUnderTest).GetResponseAsync($"Summarise the {document} in two sentences.");
        await ModelClients.Get(Judge).GetResponseAsync($"Grade this summary of the {document} from 1 to 5: {summary.Text}");
    }

    [Theory]
    [InlineData("quarterly orders report")]
    public async Task SummariseAndJudgeNamingTheModel(string document)
    {
        ModelTestContext.Current.SetDimension("model", ModelUnderTest);
        var summary = await ModelClients.Get(ModelUnderTest).GetResponseAsync($"Summarise the {document} in two sentences.");
        await ModelClients.Get(Judge).GetResponseAsync($"Grade this summary of the {document} from 1 to 5: {summary.Text}");
    }
}
