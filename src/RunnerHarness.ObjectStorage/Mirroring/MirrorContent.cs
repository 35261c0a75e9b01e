namespace RunnerHarness.ObjectStorage.Mirroring;

/// <summary>What a <see cref="MirrorSync"/> downloads of the objects it lists (it lists every sealed folder whatever this is).</summary>
internal enum MirrorContent
{
    /// <summary>Every sealed object: what a command that reads or rewrites records needs.</summary>
    Everything,

    /// <summary>
    /// What top-up planning reads: every summary, and only the data objects without a sound summary (none, missing,
    /// damaged, of an older layout, or naming another file or length); transcripts not at all. The data objects not
    /// downloaded are named with their lengths in <see cref="Store.Remote.MirrorDataListing"/>, from which the summary
    /// reader counts them.
    /// </summary>
    Planning,
}
