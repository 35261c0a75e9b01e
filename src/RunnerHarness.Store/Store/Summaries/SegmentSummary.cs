namespace RunnerHarness.Store.Summaries;

/// <summary>
/// What one sealed file holds, in the few numbers top-up planning and <c>run</c>'s progress need, so they read a
/// summary instead of the file's records. Written once when the file is sealed (<see cref="SegmentSummaryFile"/>);
/// computed from the file's records when its summary is missing or damaged.
/// </summary>
internal sealed class SegmentSummary
{
    /// <summary>
    /// The summary layout this code writes and reads; a summary of an older version is outdated, not damaged: the file is
    /// read in full instead, without a warning, until <c>compact</c> rewrites it. Bump when what a summary holds changes.
    /// 2: held keys name their assembly (the core's <c>CaseKey</c>); a version 1 summary holds keys without it.
    /// 3: samples held by results with a <c>model_id</c> are kept per model id (<see cref="ModelHeldSamples"/>), since a
    /// sample is held only by a result of the same <c>model_id</c>; a version 2 summary does not say which model held what.
    /// </summary>
    public const int CurrentVersion = 3;

    /// <summary>The number of records in the file.</summary>
    public required long Records { get; init; }

    /// <summary>The earliest <c>finished_at</c> in the file, or <see langword="null"/> when no record has one.</summary>
    public DateTime? FirstFinishedAt { get; init; }

    /// <summary>The latest <c>finished_at</c> in the file, or <see langword="null"/> when no record has one.</summary>
    public DateTime? LastFinishedAt { get; init; }

    /// <summary>
    /// The samples the file holds by the core's <c>SampleHoldings</c> with results without a <c>model_id</c> (which
    /// hold their sample for every model): per cell key (a <c>case_key</c> without its sample part), the sample indices
    /// held, ascending and distinct.
    /// </summary>
    public required IReadOnlyDictionary<string, int[]> HeldSamples { get; init; }

    /// <summary>Held <c>case_key</c>s that have no plain sample part (<c>|#n</c>), kept whole; held as <see cref="HeldSamples"/> are.</summary>
    public required IReadOnlyList<string> HeldKeys { get; init; }

    /// <summary>
    /// The samples held by results that carry a <c>model_id</c>, per <c>model_id</c>, then per cell key as in
    /// <see cref="HeldSamples"/>: they hold their sample only for a row planned for the same <c>model_id</c>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int[]>> ModelHeldSamples { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, int[]>>(StringComparer.Ordinal);

    /// <summary>Held <c>case_key</c>s without a plain sample part, per <c>model_id</c> of the results that hold them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ModelHeldKeys { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

    /// <summary>Records per run id, then per <c>shard</c> text; <see cref="string.Empty"/> stands for a missing run id or shard.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> RunShards { get; init; }
}
