using System.Globalization;
using System.Text;

/// <summary>
/// What a test host holds while it seals: a dataset a test class loaded for its theories (items of prompts, expected
/// answers, tags and metadata, with the tool definitions they share), kept live so every full collection has to mark it.
/// </summary>
internal sealed class HeldDataset
{
    private static readonly string[] Words =
    [
        "pipeline", "extract", "transform", "load", "schema", "validate", "retry", "timeout", "customer", "invoice",
        "aggregate", "window", "partition", "join", "filter", "record", "batch", "stream", "checkpoint", "the", "a", "of",
        "to", "and", "with", "from", "each", "every", "before", "after", "tool", "call", "result", "step", "order",
    ];

    private HeldDataset(List<Item> items, long megabytes)
    {
        Items = items;
        Megabytes = megabytes;
    }

    /// <summary>The dataset's items.</summary>
    public List<Item> Items { get; }

    /// <summary>The managed heap the items take, measured after a full collection.</summary>
    public long Megabytes { get; }

    /// <summary>Builds about <paramref name="megabytes"/> MB of items (none for 0), measured by the managed heap's growth.</summary>
    public static HeldDataset Build(int megabytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(megabytes);
        var items = new List<Item>();
        if (megabytes == 0)
        {
            // No collection either: the seal starts from the heap a plain process has, as before this option.
            return new HeldDataset(items, 0);
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);

        var random = new Random(7);
        Tool[] tools = [.. Enumerable.Range(0, 24).Select(i => new Tool($"tool_{i}", Sentence(random, 30), [.. Enumerable.Range(0, 4).Select(p => $"param_{p}")]))];

        // A first slice measured gives the size of an item; the rest is built from it.
        const int Sample = 10_000;
        Add(items, random, tools, Sample);
        var perItem = (double)(GC.GetTotalMemory(forceFullCollection: true) - before) / Sample;
        Add(items, random, tools, (int)(megabytes * 1048576.0 / perItem) - Sample);
        var held = (GC.GetTotalMemory(forceFullCollection: true) - before) / 1048576;
        return new HeldDataset(items, held);
    }

    private static void Add(List<Item> items, Random random, Tool[] tools, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var id = items.Count.ToString("D7", CultureInfo.InvariantCulture);
            items.Add(new Item(
                $"item-{id}",
                Sentence(random, 40 + random.Next(80)),
                Sentence(random, 5 + random.Next(20)),
                [.. Enumerable.Range(0, 1 + random.Next(4)).Select(_ => Words[random.Next(Words.Length)])],
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["source"] = $"shard-{random.Next(64)}",
                    ["difficulty"] = random.Next(5).ToString(CultureInfo.InvariantCulture),
                    ["annotator"] = $"annotator-{random.Next(300)}",
                },
                [.. Enumerable.Range(0, 1 + random.Next(3)).Select(_ => tools[random.Next(tools.Length)])]));
        }
    }

    private static string Sentence(Random random, int words)
    {
        var text = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            text.Append(i == 0 ? "" : " ").Append(Words[random.Next(Words.Length)]);
        }

        return text.ToString();
    }

    /// <summary>One item of the dataset.</summary>
    internal sealed record Item(string Id, string Prompt, string Expected, string[] Tags, Dictionary<string, string> Metadata, Tool[] Tools);

    /// <summary>A tool definition the items share.</summary>
    internal sealed record Tool(string Name, string Description, string[] Parameters);
}
