using System.Globalization;

namespace RunnerHarness.ObjectStorage.Tests.Cli;

/// <summary>JSON Lines another tool would hand to <c>runner-harness import --kind jsonl</c>: WorkflowBench-like results with ids of their own.</summary>
internal static class ImportLines
{
    private static readonly string[] Models = ["gpt-4o-mini", "claude-haiku-4", "qwen2.5-7b"];
    private static readonly string[] PromptTypes = ["optimal", "baseline", "cot", "flawed_tool_misuse"];
    private static readonly string[] Difficulties = ["easy", "medium", "hard"];

    /// <summary>Writes <paramref name="count"/> results to <paramref name="path"/> and returns their record ids.</summary>
    public static IReadOnlyList<string> Write(string path, int count, int seed)
    {
        var random = new Random(seed);
        var ids = new List<string>(count);
        var lines = new List<string>(count);
        var start = new DateTime(2026, 12, 1, 6, 0, 0, DateTimeKind.Utc).AddHours(seed);
        for (var i = 0; i < count; i++)
        {
            var id = new Guid(random.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 16)).ToString();
            ids.Add(id);
            var passed = random.NextDouble() < 0.7;
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $$"""{"record_id":"{{id}}","model":"{{Models[i % Models.Length]}}","prompt_type":"{{PromptTypes[i % PromptTypes.Length]}}","difficulty":"{{Difficulties[i % Difficulties.Length]}}","outcome":"{{(passed ? "passed" : "failed")}}","final_score":{{Math.Round(random.NextDouble(), 3)}},"started_at":"{{start.AddSeconds(i * 7):yyyy-MM-ddTHH:mm:ssZ}}"}"""));
        }

        File.WriteAllLines(path, lines);
        return ids;
    }
}
