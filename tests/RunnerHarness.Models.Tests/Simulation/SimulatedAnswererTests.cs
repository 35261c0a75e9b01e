using Microsoft.Extensions.AI;
using RunnerHarness.Matrix;
using RunnerHarness.Models.Simulation;

namespace RunnerHarness.Models.Tests.Simulation;

/// <summary>
/// Simulated models answer the questions of a dataset batch: the same seed gives the same answers, right or wrong by the
/// model's competence, and a question without a reference answer is not answered from the dataset.
/// </summary>
public sealed class SimulatedAnswererTests
{
    // Real-looking questions, as a QA dataset holds them; the simulation plays from "answer".
    private static readonly MatrixDataset Questions = MatrixDataset.Parse(
        string.Concat(Enumerable.Range(0, 60).Select(i => (i % 3) switch
        {
            0 => $"{{\"id\": \"math-add-{i}\", \"question\": \"What is {i * 17} + {i * 5}?\", \"answer\": \"{(i * 17) + (i * 5)}\"}}\n",
            1 => $"{{\"id\": \"geo-capital-{i}\", \"question\": \"What is the capital city of Australia?\", \"answer\": \"Canberra\"}}\n",
            _ => $"{{\"id\": \"units-{i}\", \"question\": \"How many metres are in {i} kilometres?\", \"answer\": \"{i * 1000}\"}}\n",
        })),
        "questions.jsonl",
        DatasetFormat.JsonLines);

    [Fact]
    public async Task Answers_SameSeed_AreTheSame_AndAnotherSeedChangesSome()
    {
        var first = await AnswersAsync("sim-medium", seed: 7);
        var again = await AnswersAsync("sim-medium", seed: 7);
        var other = await AnswersAsync("sim-medium", seed: 8);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task Answers_SomeRightSomeWrong_TheLargeModelRightMoreOften()
    {
        var small = Accuracy(await AnswersAsync("sim-small", seed: 7));
        var large = Accuracy(await AnswersAsync("sim-large", seed: 7));

        Assert.InRange(small, 0.2, 0.8);
        Assert.True(large > small + 0.15 && large < 1, $"exact answers: sim-small {small:0.00}, sim-large {large:0.00}");
    }

    [Fact]
    public async Task Question_WithoutAReferenceAnswer_GetsTheNoToolsReplyNotAGuess()
    {
        var item = MatrixDataset.Parse("{\"id\": \"open-1\", \"question\": \"Describe your day.\"}\n", "open.jsonl", DatasetFormat.JsonLines).Items[0];
        using var client = new SimulatedChatClient("sim-large", new SimulatedModelOptions(Seed: 7));
        using var scope = SampleScope.Enter(new MatrixSample { Model = "sim-large", Item = item.Id, ItemHash = item.Hash, DatasetItem = item });

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, item.Text("question"))]);

        Assert.StartsWith("No tools were offered", response.Text, StringComparison.Ordinal);
    }

    private static double Accuracy(IReadOnlyList<(string Reference, string Answer)> answers) =>
        answers.Count(a => string.Equals(a.Answer.TrimEnd('.'), a.Reference, StringComparison.OrdinalIgnoreCase)) / (double)answers.Count;

    private static async Task<IReadOnlyList<(string Reference, string Answer)>> AnswersAsync(string model, int seed)
    {
        using var client = new SimulatedChatClient(model, new SimulatedModelOptions(seed));
        var answers = new List<(string, string)>();
        foreach (var item in Questions.Items)
        {
            using var scope = SampleScope.Enter(new MatrixSample { Model = model, Item = item.Id, ItemHash = item.Hash, DatasetItem = item });
            var response = await client.GetResponseAsync([new ChatMessage(ChatRole.System, "Answer with the answer alone."), new ChatMessage(ChatRole.User, item.Text("question"))]);
            answers.Add((item.Text("answer"), response.Text));
        }

        return answers;
    }
}
