using System.Globalization;
using System.Text.Json;

namespace RunnerHarness.Matrix;

/// <summary>Reading a matrix from its JSON config file; the format is documented in <c>docs/matrix.md</c>.</summary>
public sealed partial record MatrixDefinition
{
    private const string SamplesKey = "samples";
    private const string ProvidersKey = "providers";
    private const string AxesKey = "axes";
    private const string ExcludeKey = "exclude";
    private const string DatasetKey = "dataset";

    // Computed when read: MatrixAxisKeys is initialised in the generated part, whose order against this one is not defined.
    private static string[] KnownKeys => [.. MatrixAxisKeys, DatasetKey, AxesKey, SamplesKey, ExcludeKey];

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads and validates the matrix config file at <paramref name="path"/>.</summary>
    /// <exception cref="MatrixDefinitionException">The file is missing, unreadable, not valid JSON, has an unknown key or a bad value, or the matrix is invalid.</exception>
    public static MatrixDefinition Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        string json;
        try
        {
            json = File.ReadAllText(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MatrixDefinitionException($"RunnerHarness: the matrix config file {fullPath} cannot be read: {ex.Message}", ex);
        }

        return Parse(json, fullPath);
    }

    /// <summary>Parses and validates a matrix config; <paramref name="source"/> names it in error messages.</summary>
    /// <inheritdoc cref="Load" path="/exception"/>
    public static MatrixDefinition Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        try
        {
            using var document = JsonDocument.Parse(json, DocumentOptions);
            var definition = FromJson(document.RootElement, source);
            definition.Validate();
            return definition;
        }
        catch (JsonException ex)
        {
            throw new MatrixDefinitionException($"RunnerHarness: the matrix config {source} is not valid JSON: {ex.Message}", ex);
        }
    }

    private static MatrixDefinition FromJson(JsonElement root, string source)
    {
        var reader = new ConfigReader(source);
        reader.Expect(root, JsonValueKind.Object, "$", "an object");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var knownKeys = KnownKeys;
        foreach (var property in root.EnumerateObject())
        {
            if (!knownKeys.Contains(property.Name, StringComparer.Ordinal))
            {
                throw reader.Error($"$.{property.Name}", $"is not a known key; the known keys are {string.Join(", ", knownKeys)}");
            }

            if (!seen.Add(property.Name))
            {
                throw reader.Error($"$.{property.Name}", "appears twice");
            }
        }

        return new MatrixDefinition { Source = source }.WithListedAxesFrom(reader, root) with
        {
            Dataset = reader.Dataset(root, DatasetKey),
            CustomAxes = reader.CustomAxes(root, AxesKey),
            Providers = reader.StringMap(root, ProvidersKey),
            SamplesPerCell = reader.Samples(root, SamplesKey),
            Exclusions = reader.Exclusions(root, ExcludeKey),
        };
    }

    /// <summary>Typed reads of the config's keys, each failing with the JSON path of the bad value.</summary>
    private sealed class ConfigReader(string source)
    {
        public MatrixDefinitionException Error(string path, string problem) =>
            new($"RunnerHarness: the matrix config {source} is invalid: {path} {problem}.");

        public void Expect(JsonElement element, JsonValueKind kind, string path, string what)
        {
            if (element.ValueKind != kind)
            {
                throw Error(path, $"must be {what}, not {Describe(element)}");
            }
        }

        public string[] Strings(JsonElement root, string key)
        {
            if (!root.TryGetProperty(key, out var list))
            {
                return [];
            }

            var values = StringList(list, $"$.{key}");

            // In code an empty list means "no such axis"; in a file, writing the key with no values is a mistake.
            return values.Length > 0 ? values : throw Error($"$.{key}", "has no values; give at least one, or leave the key out");
        }

        // A dataset path is relative to the matrix file's folder, so the pair moves together.
        public MatrixDataset? Dataset(JsonElement root, string key)
        {
            if (!root.TryGetProperty(key, out var element))
            {
                return null;
            }

            var path = $"$.{key}";
            if (element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
            {
                throw Error(path, $"must be the path of a dataset file (.jsonl, .ndjson or .csv), relative to the matrix file, not {Describe(element)}");
            }

            var folder = Path.GetDirectoryName(Path.GetFullPath(source)) ?? Directory.GetCurrentDirectory();
            return MatrixDataset.Load(Path.GetFullPath(element.GetString()!, folder));
        }

        public double[] Numbers(JsonElement root, string key)
        {
            if (!root.TryGetProperty(key, out var list))
            {
                return [];
            }

            var path = $"$.{key}";
            Expect(list, JsonValueKind.Array, path, "an array of numbers");
            var values = list.EnumerateArray().Select((item, i) =>
            {
                Expect(item, JsonValueKind.Number, $"{path}[{i}]", "a number");
                return item.GetDouble();
            }).ToArray();
            return values.Length > 0 ? values : throw Error(path, "has no values; give at least one, or leave the key out");
        }

        public List<MatrixAxis> CustomAxes(JsonElement root, string key)
        {
            if (!root.TryGetProperty(key, out var axes))
            {
                return [];
            }

            Expect(axes, JsonValueKind.Object, $"$.{key}", "an object of axis name -> array of values");
            return [.. axes.EnumerateObject().Select(p => new MatrixAxis(p.Name, StringList(p.Value, $"$.{key}.{p.Name}")))];
        }

        public Dictionary<string, string> StringMap(JsonElement root, string key)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!root.TryGetProperty(key, out var element))
            {
                return map;
            }

            Expect(element, JsonValueKind.Object, $"$.{key}", "an object of model -> provider");
            foreach (var property in element.EnumerateObject())
            {
                var path = $"$.{key}.{property.Name}";
                Expect(property.Value, JsonValueKind.String, path, "a string");
                if (!map.TryAdd(property.Name, property.Value.GetString()!))
                {
                    throw Error(path, "appears twice");
                }
            }

            return map;
        }

        public int Samples(JsonElement root, string key)
        {
            if (!root.TryGetProperty(key, out var element))
            {
                return DefaultSamplesPerCell;
            }

            var path = $"$.{key}";
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var samples))
            {
                throw Error(path, $"must be a whole number of 1 or more, not {Describe(element)}");
            }

            return samples >= 1 ? samples : throw Error(path, $"must be 1 or more, not {samples}");
        }

        public List<MatrixExclusion> Exclusions(JsonElement root, string key)
        {
            if (!root.TryGetProperty(key, out var list))
            {
                return [];
            }

            var path = $"$.{key}";
            Expect(list, JsonValueKind.Array, path, "an array of objects of axis -> value");
            var exclusions = new List<MatrixExclusion>();
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var itemPath = $"{path}[{index++}]";
                Expect(item, JsonValueKind.Object, itemPath, "an object of axis -> value");
                var values = new List<KeyValuePair<string, string>>();
                foreach (var property in item.EnumerateObject())
                {
                    var valuePath = $"{itemPath}.{property.Name}";
                    if (values.Any(v => v.Key == property.Name))
                    {
                        throw Error(valuePath, "appears twice");
                    }

                    values.Add(new(property.Name, Scalar(property.Value, valuePath)));
                }

                if (values.Count == 0)
                {
                    throw Error(itemPath, "is empty; an exclusion names at least one axis value");
                }

                exclusions.Add(MatrixExclusion.Of(values));
            }

            return exclusions;
        }

        private string[] StringList(JsonElement list, string path)
        {
            Expect(list, JsonValueKind.Array, path, "an array of strings");
            return [.. list.EnumerateArray().Select((item, i) => Scalar(item, $"{path}[{i}]"))];
        }

        // Numbers are accepted where text is expected (e.g. a custom "temperature" axis) and kept as written.
        private string Scalar(JsonElement element, string path) => element.ValueKind switch
        {
            JsonValueKind.String when !string.IsNullOrWhiteSpace(element.GetString()) => element.GetString()!,
            JsonValueKind.Number => element.GetRawText(),
            _ => throw Error(path, $"must be a non-blank string, not {Describe(element)}"),
        };

        private static string Describe(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => string.Create(CultureInfo.InvariantCulture, $"the string \"{element.GetString()}\""),
            JsonValueKind.Number => $"the number {element.GetRawText()}",
            JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
            _ => "null",
        };
    }
}
