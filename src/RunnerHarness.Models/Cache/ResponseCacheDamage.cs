namespace RunnerHarness.Models.Cache;

/// <summary>A file named like a cache entry that is not a readable entry of its key: it is never served, and never deleted by <c>cache clear</c>.</summary>
/// <param name="Path">The file.</param>
/// <param name="Problem">What is wrong with it, e.g. <c>not JSON</c> or <c>its key is ..., not its name</c>.</param>
/// <param name="Bytes">The file's size.</param>
internal sealed record ResponseCacheDamage(string Path, string Problem, long Bytes);
