using System.Text.Json;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Rendering;

/// <summary>Writes store problems for people (one line each) and for machines (a JSON array).</summary>
internal static class StoreProblemWriter
{
    public static void WriteLines(CliContext context, IEnumerable<StoreProblem> problems)
    {
        foreach (var problem in problems)
        {
            context.WriteLine($"  {problem}");
        }
    }

    public static void WriteJson(Utf8JsonWriter json, string name, IEnumerable<StoreProblem> problems)
    {
        json.WriteStartArray(name);
        foreach (var problem in problems)
        {
            json.WriteStartObject();
            json.WriteString("kind", problem.Kind.ToString());
            json.WriteString("path", problem.Path);
            json.WriteString("message", problem.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
