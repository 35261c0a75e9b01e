namespace RunnerHarness.Store;

/// <summary>The files of a folder of the store, and the links met there, which were not followed.</summary>
/// <param name="Files">Regular files, none reached through a link, sorted by path (ordinal).</param>
/// <param name="Links">One <see cref="StoreProblemKind.LinkedPath"/> per link met, in listing order.</param>
internal sealed record StoreListing(IReadOnlyList<string> Files, IReadOnlyList<StoreProblem> Links);
