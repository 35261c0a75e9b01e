namespace RunnerHarness.Models.Cache;

/// <summary>One file of a response cache folder proven to be an entry: its name is a key and its content a readable entry of that key.</summary>
/// <param name="Path">The entry's file.</param>
/// <param name="Key">Its key (64 hex digits), the file's name.</param>
/// <param name="Provider">The provider that answered.</param>
/// <param name="Model">The model, as the matrix names it.</param>
/// <param name="ModelId">The model id the provider was asked for.</param>
/// <param name="CachedAt">When the answer was stored.</param>
/// <param name="Bytes">The file's size.</param>
internal sealed record ResponseCacheEntry(string Path, string Key, string Provider, string Model, string ModelId, DateTimeOffset CachedAt, long Bytes);
