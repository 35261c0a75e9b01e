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

    /// <summary>
    /// One line per problem, at most <paramref name="perKind"/> of each kind (in the order found), then one line saying how
    /// many more of that kind there are: 27,000 repeated ids are one fact, not 27,000 lines.
    /// </summary>
    public static void WriteLines(CliContext context, IEnumerable<StoreProblem> problems, int perKind)
    {
        var shown = new Dictionary<StoreProblemKind, int>();
        foreach (var problem in problems)
        {
            var count = shown[problem.Kind] = shown.GetValueOrDefault(problem.Kind) + 1;
            if (count <= perKind)
            {
                context.WriteLine($"  {problem}");
            }
        }

        foreach (var (kind, count) in shown.Where(p => p.Value > perKind))
        {
            context.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"  ... and {count - perKind} more {kind} problems (--json lists every one)"));
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
