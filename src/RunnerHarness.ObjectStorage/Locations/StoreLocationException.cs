namespace RunnerHarness.ObjectStorage.Locations;

/// <summary>
/// A store URL, or the environment it needs, is not usable. The message names the URL or variable, the bad value
/// (never a secret's value) and what would be valid.
/// </summary>
internal sealed class StoreLocationException(string message) : Exception(message);
