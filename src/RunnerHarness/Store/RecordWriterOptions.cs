namespace RunnerHarness.Store;

/// <summary>Tuning of a <see cref="RecordWriter"/>. The defaults suit test runs; tests shorten them.</summary>
public sealed record RecordWriterOptions
{
    /// <summary>The default options.</summary>
    public static RecordWriterOptions Default { get; } = new();

    /// <summary>
    /// How often the writer's thread hands appended records to the operating system. A killed process
    /// loses at most the records appended within this interval before it died. Default: 20 ms.
    /// </summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How many records a log segment takes before it is sealed into <c>data/</c> and a new one starts. Default: 100,000.</summary>
    public int SegmentRecordLimit { get; init; } = 100_000;
}
