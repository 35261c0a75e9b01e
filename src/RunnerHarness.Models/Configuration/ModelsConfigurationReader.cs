using System.Globalization;
using System.Text.Json;
using RunnerHarness.Models.Pricing;

namespace RunnerHarness.Models.Configuration;

/// <summary>
/// Reads and validates a models file (<c>docs/models.md</c>): JSON with comments and trailing commas allowed,
/// snake_case keys, unknown keys refused (a typo must not silently drop a limit). Every error names the file, the
/// entry, the bad value and what is valid.
/// </summary>
public static class ModelsConfigurationReader
{
    private static readonly string[] RootKeys = ["providers", "models"];

    private static readonly string[] ProviderKeys =
    [
        "kind", "endpoint", "api_key_env", "max_concurrency", "requests_per_second", "max_retries", "retry_after_cap_seconds",
        "initial_backoff_ms", "max_backoff_seconds", "request_timeout_seconds", "breaker_failures", "breaker_cooldown_seconds", "seed", "realistic_latency",
    ];

    private static readonly string[] ModelKeys = ["provider", "model_id", "prices"];

    private static readonly string[] PriceKeys = ["input_per_million", "cached_input_per_million", "output_per_million"];

    // Above any model's list price by far: a value this large is a unit mistake (per token, or in cents), not a price.
    private const double MaxPricePerMillion = 10_000;

    /// <summary>Reads the models file at <paramref name="path"/>.</summary>
    /// <param name="path">The file's full path.</param>
    /// <param name="origin">Where the path came from, for messages, e.g. <c>environment variable RUNNER_HARNESS_MODELS_CONFIG</c>.</param>
    /// <exception cref="ModelsConfigurationException">The file is missing, unreadable or invalid.</exception>
    public static ModelsConfiguration Read(string path, string origin)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var source = $"{path} (from {origin})";
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelsConfigurationException($"RunnerHarness: cannot read the models file {source}: {ex.Message}", ex);
        }

        return Parse(text, path, source);
    }

    /// <summary>Parses a models file's text; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="ModelsConfigurationException">The text is not a valid models file.</exception>
    public static ModelsConfiguration Parse(string json, string? path, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw Invalid(source, $"it is not valid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(source, "it must be a JSON object with \"providers\" and \"models\"");
            }

            CheckKeys(root, RootKeys, "the top level", source);
            var providers = new Dictionary<string, ProviderDefinition>(StringComparer.Ordinal);
            foreach (var entry in Section(root, "providers", source))
            {
                providers.Add(entry.Name, ReadProvider(entry.Name, entry.Value, source));
            }

            var models = new Dictionary<string, ModelDefinition>(StringComparer.Ordinal);
            foreach (var entry in Section(root, "models", source))
            {
                models.Add(entry.Name, ReadModel(entry.Name, entry.Value, providers, source));
            }

            return new ModelsConfiguration(path, source, providers, models);
        }
    }

    private static JsonElement.ObjectEnumerator Section(JsonElement root, string name, string source)
    {
        if (!root.TryGetProperty(name, out var section) || section.ValueKind != JsonValueKind.Object || !section.EnumerateObject().Any())
        {
            throw Invalid(source, $"\"{name}\" must be an object with at least one entry");
        }

        return section.EnumerateObject();
    }

    private static ProviderDefinition ReadProvider(string name, JsonElement element, string source)
    {
        var where = $"providers.{name}";
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(source, $"{where} must be an object");
        }

        CheckKeys(element, ProviderKeys, where, source);
        var kindText = String(element, "kind", where, source) ?? throw Invalid(source, $"{where}.kind is missing; valid: {string.Join(", ", ProviderKinds.All)}");
        if (!ProviderKinds.TryParse(kindText, out var kind))
        {
            throw Invalid(source, $"{where}.kind is '{kindText}'; valid: {string.Join(", ", ProviderKinds.All)}");
        }

        var endpoint = Endpoint(element, kind, where, source);
        var keys = KeyVariables(element, where, source);
        if (keys.Count == 0 && kind is ProviderKind.OpenAI or ProviderKind.AzureOpenAI)
        {
            throw Invalid(source, $"{where}.api_key_env is missing; a provider of kind {ProviderKinds.NameOf(kind)} needs the name of at least one environment variable holding a key");
        }

        if (keys.Count > 0 && kind == ProviderKind.Simulated)
        {
            throw Invalid(source, $"{where}.api_key_env is set, but a simulated provider takes no key");
        }

        return new ProviderDefinition
        {
            Name = name,
            Kind = kind,
            Endpoint = endpoint,
            ApiKeyVariables = keys,
            MaxConcurrency = (int)(Number(element, "max_concurrency", where, source, 1, 10_000, whole: true) ?? ProviderDefinition.DefaultMaxConcurrency),
            RequestsPerSecond = Number(element, "requests_per_second", where, source, 1, 100_000, whole: true) is { } rate ? (int)rate : null,
            MaxRetries = (int)(Number(element, "max_retries", where, source, 0, 100, whole: true) ?? ProviderDefinition.DefaultMaxRetries),
            RetryAfterCap = TimeSpan.FromSeconds(Number(element, "retry_after_cap_seconds", where, source, 0, 86_400) ?? ProviderDefinition.DefaultRetryAfterCapSeconds),
            InitialBackoff = TimeSpan.FromMilliseconds(Number(element, "initial_backoff_ms", where, source, 1, 600_000) ?? ProviderDefinition.DefaultInitialBackoffMilliseconds),
            MaxBackoff = TimeSpan.FromSeconds(Number(element, "max_backoff_seconds", where, source, 0.001, 3_600) ?? ProviderDefinition.DefaultMaxBackoffSeconds),
            RequestTimeout = TimeSpan.FromSeconds(Number(element, "request_timeout_seconds", where, source, 0.001, 86_400) ?? ProviderDefinition.DefaultRequestTimeoutSeconds),
            BreakerFailures = (int)(Number(element, "breaker_failures", where, source, 0, 10_000, whole: true) ?? ProviderDefinition.DefaultBreakerFailures),
            BreakerCoolDown = TimeSpan.FromSeconds(Number(element, "breaker_cooldown_seconds", where, source, 0.001, 86_400) ?? ProviderDefinition.DefaultBreakerCoolDownSeconds),
            Seed = (int)(Number(element, "seed", where, source, int.MinValue, int.MaxValue, whole: true) ?? 0),
            RealisticLatency = Boolean(element, "realistic_latency", where, source) ?? false,
        };
    }

    private static ModelDefinition ReadModel(string name, JsonElement element, Dictionary<string, ProviderDefinition> providers, string source)
    {
        var where = $"models.{name}";
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(source, $"{where} must be an object with \"provider\" and, optionally, \"model_id\"");
        }

        CheckKeys(element, ModelKeys, where, source);
        var provider = String(element, "provider", where, source) ?? throw Invalid(source, $"{where}.provider is missing");
        if (!providers.ContainsKey(provider))
        {
            throw Invalid(source, $"{where}.provider is '{provider}', which is not under \"providers\" (they are {string.Join(", ", providers.Keys.Select(p => $"'{p}'"))})");
        }

        return new ModelDefinition(name, provider, String(element, "model_id", where, source) ?? name) { Prices = Prices(element, where, source) };
    }

    private static ModelPrices? Prices(JsonElement model, string modelWhere, string source)
    {
        if (!model.TryGetProperty("prices", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var where = $"{modelWhere}.prices";
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(source, $"{where} is {element.GetRawText()}; valid: an object with \"input_per_million\", \"output_per_million\" and, optionally, \"cached_input_per_million\" (US dollars per million tokens)");
        }

        CheckKeys(element, PriceKeys, where, source);
        var input = Number(element, "input_per_million", where, source, 0, MaxPricePerMillion)
            ?? throw Invalid(source, $"{where}.input_per_million is missing; valid: a number from 0 to {MaxPricePerMillion.ToString(CultureInfo.InvariantCulture)} (US dollars per million input tokens)");
        var output = Number(element, "output_per_million", where, source, 0, MaxPricePerMillion)
            ?? throw Invalid(source, $"{where}.output_per_million is missing; valid: a number from 0 to {MaxPricePerMillion.ToString(CultureInfo.InvariantCulture)} (US dollars per million output tokens)");
        var cached = Number(element, "cached_input_per_million", where, source, 0, MaxPricePerMillion) ?? input;
        return new ModelPrices(input, cached, output);
    }

    private static Uri? Endpoint(JsonElement element, ProviderKind kind, string where, string source)
    {
        var text = String(element, "endpoint", where, source);
        if (text is null)
        {
            return kind is ProviderKind.OpenAICompatible or ProviderKind.AzureOpenAI
                ? throw Invalid(source, $"{where}.endpoint is missing; a provider of kind {ProviderKinds.NameOf(kind)} needs its base URL, e.g. http://127.0.0.1:8080/v1")
                : null;
        }

        if (kind == ProviderKind.Simulated)
        {
            throw Invalid(source, $"{where}.endpoint is set, but a simulated provider calls no endpoint");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw Invalid(source, $"{where}.endpoint is '{text}'; valid: an absolute http or https URL without credentials, e.g. http://127.0.0.1:8080/v1");
        }

        return uri;
    }

    private static List<string> KeyVariables(JsonElement element, string where, string source)
    {
        if (!element.TryGetProperty("api_key_env", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        var names = value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) => value.EnumerateArray().Select(v => v.GetString()!).ToList(),
            _ => throw Invalid(source, $"{where}.api_key_env must be the name of an environment variable or a list of names"),
        };
        foreach (var name in names)
        {
            // A name, not a key: a value that looks like a key is refused without being echoed.
            if (name.Length == 0 || name.Length > 128 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(name[0]))
            {
                throw Invalid(source, $"{where}.api_key_env holds a value that is not an environment variable name (letters, digits and '_', not starting with a digit); it must name the variable holding the key, never the key itself");
            }
        }

        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw Invalid(source, $"{where}.api_key_env names a variable twice");
        }

        return names;
    }

    private static string? String(JsonElement element, string key, string where, string source)
    {
        if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : throw Invalid(source, $"{where}.{key} must be a non-empty string");
    }

    private static double? Number(JsonElement element, string key, string where, string source, double min, double max, bool whole = false)
    {
        if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var valid = whole
            ? string.Create(CultureInfo.InvariantCulture, $"a whole number from {min} to {max}")
            : string.Create(CultureInfo.InvariantCulture, $"a number from {min} to {max}");
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || number < min || number > max || (whole && number != Math.Floor(number)))
        {
            throw Invalid(source, $"{where}.{key} is {value.GetRawText()}; valid: {valid}");
        }

        return number;
    }

    private static bool? Boolean(JsonElement element, string key, string where, string source)
    {
        if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(source, $"{where}.{key} is {value.GetRawText()}; valid: true or false"),
        };
    }

    private static void CheckKeys(JsonElement element, string[] known, string where, string source)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Invalid(source, $"{where} has the unknown key \"{property.Name}\"; valid keys: {string.Join(", ", known)}");
            }
        }
    }

    private static ModelsConfigurationException Invalid(string source, string problem, Exception? inner = null) =>
        inner is null
            ? new ModelsConfigurationException($"RunnerHarness: the models file {source} is invalid: {problem}.")
            : new ModelsConfigurationException($"RunnerHarness: the models file {source} is invalid: {problem}.", inner);
}
