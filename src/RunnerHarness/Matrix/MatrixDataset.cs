using System.Globalization;

namespace RunnerHarness.Matrix;

/// <summary>
/// The items of a model batch's dataset: each a cell of the matrix, crossed with the other axes, its <c>id</c> part of
/// the case key and its content hash the item's version (<c>docs/datasets.md</c>). Read from a JSON Lines file
/// (<c>.jsonl</c>, <c>.ndjson</c>: one JSON object per line) or a CSV file (<c>.csv</c>: a header row naming the fields,
/// one of them <c>id</c>).
/// </summary>
public sealed partial class MatrixDataset
{
    private readonly Dictionary<string, DatasetItem> _byId;

    /// <summary>Creates a dataset of <paramref name="items"/>, in the order given.</summary>
    /// <param name="source">Where the items came from, for messages (a file path).</param>
    /// <param name="items">The items; at least one, ids unique even ignoring case.</param>
    /// <exception cref="MatrixDefinitionException">There are no items, or two share an id (ignoring case); the message names both lines.</exception>
    public MatrixDataset(string source, IReadOnlyList<DatasetItem> items)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentNullException.ThrowIfNull(items);
        Source = source;
        if (items.Count == 0)
        {
            throw Error(source, "it has no items; give at least one (an object with an \"id\" per line, or a CSV row under the header)");
        }

        // Ignoring case, because trait filters (dotnet test --filter item=...) compare values so: two such ids could not be told apart.
        var byId = new Dictionary<string, DatasetItem>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            if (!byId.TryAdd(item.Id, item))
            {
                var first = byId[item.Id];
                var same = string.Equals(first.Id, item.Id, StringComparison.Ordinal) ? "" : $" ('{first.Id}' differs only in case; ids are compared ignoring case, as test filters compare them)";
                throw Error(source, string.Create(CultureInfo.InvariantCulture, $"line {item.Line}: the id '{item.Id}' is already the id of the item on line {first.Line}{same}; every item needs its own id"));
            }
        }

        Items = items;
        _byId = byId;
    }

    /// <summary>The file the dataset was read from, for messages.</summary>
    public string Source { get; }

    /// <summary>The items in file order: the order the item axis varies in.</summary>
    public IReadOnlyList<DatasetItem> Items { get; }

    /// <summary>The item with the id <paramref name="id"/> (exactly), or <see langword="null"/>.</summary>
    public DatasetItem? Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _byId.TryGetValue(id, out var item) && string.Equals(item.Id, id, StringComparison.Ordinal) ? item : null;
    }

    /// <summary>
    /// Reads the dataset file at <paramref name="path"/>: JSON Lines for <c>.jsonl</c> and <c>.ndjson</c>, CSV for <c>.csv</c>.
    /// </summary>
    /// <exception cref="MatrixDefinitionException">
    /// The file is missing or unreadable, has another extension, or an item is bad: not valid JSON or CSV, no <c>id</c>, a
    /// blank or duplicate <c>id</c>. The message names the file, the line and the problem.
    /// </exception>
    public static MatrixDataset Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        var extension = Path.GetExtension(fullPath).ToLowerInvariant();
        if (extension is not (".jsonl" or ".ndjson" or ".csv"))
        {
            throw Error(fullPath, $"its extension '{extension}' is not one of a dataset's: .jsonl or .ndjson (JSON Lines), .csv (CSV with a header row)");
        }

        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MatrixDefinitionException($"RunnerHarness: the dataset {fullPath} cannot be read: {ex.Message}", ex);
        }

        return Parse(text, fullPath, extension == ".csv" ? DatasetFormat.Csv : DatasetFormat.JsonLines);
    }

    /// <summary>Parses dataset text in <paramref name="format"/>; <paramref name="source"/> names it in messages.</summary>
    /// <inheritdoc cref="Load" path="/exception"/>
    internal static MatrixDataset Parse(string text, string source, DatasetFormat format)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var items = format switch
        {
            DatasetFormat.JsonLines => ReadJsonLines(text, source),
            DatasetFormat.Csv => ReadCsv(text, source),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a dataset format."),
        };
        return new MatrixDataset(source, items);
    }

    private static MatrixDefinitionException Error(string source, string problem) =>
        new($"RunnerHarness: the dataset {source} is invalid: {problem}.");
}
