using RunnerHarness.Aggregation;

namespace RunnerHarness.Reporting;

/// <summary>
/// What a report writer renders: the cumulative view, the model x prompt-type view for the heatmap, the
/// model x difficulty view for the summary, and where they came from.
/// </summary>
internal sealed record Report
{
    /// <summary>The report title.</summary>
    public required string Title { get; init; }

    /// <summary>When the report was made; writers print it as given, so tests pass a fixed clock.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Where the records came from, e.g. the store path.</summary>
    public required string Source { get; init; }

    /// <summary>The filters applied, as readable text (e.g. <c>model = gpt-4o-mini</c>); empty when none.</summary>
    public IReadOnlyList<string> Filters { get; init; } = [];

    /// <summary>The cumulative view, grouped as asked.</summary>
    public required CumulativeView View { get; init; }

    /// <summary>The same records grouped by model and prompt type, for the heatmap.</summary>
    public required CumulativeView ModelByPromptType { get; init; }

    /// <summary>The same records grouped by model and difficulty; its first level (<c>GroupsAt(1)</c>) is the per-model summary.</summary>
    public required CumulativeView ModelByDifficulty { get; init; }

    /// <summary>Each model's success rate run after run, with the significant changes flagged.</summary>
    /// <remarks>
    /// Built on first read (<see cref="TrendSource"/>): only the HTML report and <c>--by-run</c> show trends, and a store
    /// of many runs spends most of a report's time testing each run against the one before it (docs/performance.md).
    /// </remarks>
    public RunTrends Trends
    {
        get => TrendSource.Value;
        init => TrendSource = new Lazy<RunTrends>(value);
    }

    /// <summary>What <see cref="Trends"/> reads: a builder's deferred trends, or the trends given.</summary>
    internal Lazy<RunTrends> TrendSource { get; init; } = new(RunTrends.Empty);

    /// <summary>The records the interactive HTML report embeds (up to its limit); <see cref="ReportSamples.None"/> when not collected.</summary>
    public ReportSamples Samples { get; init; } = ReportSamples.None;

    /// <summary>The transcripts of the embedded samples, up to their cap; <see cref="ReportTranscripts.None"/> when no sample is embedded.</summary>
    public ReportTranscripts Transcripts { get; init; } = ReportTranscripts.None;

    /// <summary>Things the reader should know, e.g. corrupt files skipped while reading.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
