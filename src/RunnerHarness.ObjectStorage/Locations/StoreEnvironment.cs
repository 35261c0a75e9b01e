namespace RunnerHarness.ObjectStorage.Locations;

/// <summary>
/// The environment variables a URL store reads its account, endpoint and credentials from: the process's own, or given
/// ones (tests, a CLI that runs several stores).
/// </summary>
internal sealed class StoreEnvironment(Func<string, string?> variable)
{
    /// <summary>The process's environment.</summary>
    public static StoreEnvironment Process { get; } = new(Environment.GetEnvironmentVariable);

    /// <summary>The value of <paramref name="name"/>, or <see langword="null"/> when unset or blank.</summary>
    public string? this[string name] => variable(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>An environment of exactly <paramref name="variables"/>.</summary>
    public static StoreEnvironment Of(IReadOnlyDictionary<string, string> variables) =>
        new(name => variables.TryGetValue(name, out var value) ? value : null);
}
