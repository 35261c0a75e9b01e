using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Reporting;

/// <summary>
/// The transcripts the interactive HTML report embeds beside its samples: those of the embedded records, in the order
/// the records were embedded, up to <see cref="MaxBytes"/> of message text in all. A transcript that would pass the cap
/// is left out whole, as is every later one (<see cref="LeftOut"/>); the page says so, and says it on the sample itself.
/// </summary>
internal sealed class ReportTranscripts
{
    /// <summary>
    /// The default cap: 32 MiB of message text (UTF-8 bytes of content, tool call ids, names and arguments). With the
    /// per-sample cap of 256 KiB that is at least 128 whole transcripts, and 5,000-16,000 typical ones of 2-6 KiB;
    /// the page stays loadable in a browser.
    /// </summary>
    public const long DefaultMaxBytes = 32L * 1024 * 1024;

    private readonly Dictionary<string, IReadOnlyList<TranscriptMessage>> _embedded = new(RecordIdComparer.Instance);
    private readonly HashSet<string> _leftOut = new(RecordIdComparer.Instance);

    private ReportTranscripts(long maxBytes) => MaxBytes = maxBytes;

    /// <summary>No transcripts read (a report that embeds no samples).</summary>
    public static ReportTranscripts None { get; } = new(0);

    /// <summary>The cap on the message text embedded, in bytes.</summary>
    public long MaxBytes { get; }

    /// <summary>The message text embedded, in bytes (<see cref="TranscriptMessage.Size"/> summed).</summary>
    public long Bytes { get; private set; }

    /// <summary>How many embedded records have their transcript embedded.</summary>
    public int Count => _embedded.Count;

    /// <summary>How many embedded records have a stored transcript left out by the cap.</summary>
    public int LeftOut => _leftOut.Count;

    /// <summary>The message text of the transcripts left out, in bytes.</summary>
    public long LeftOutBytes { get; private set; }

    /// <summary>
    /// Takes the transcripts of <paramref name="records"/> from <paramref name="stored"/> in record order while they fit
    /// in <paramref name="maxBytes"/>; from the first that does not fit on, each is left out and counted.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytes"/> is negative.</exception>
    public static ReportTranscripts Take(IReadOnlyList<ResultRecord> records, IReadOnlyDictionary<string, IReadOnlyList<TranscriptMessage>> stored, long maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var taken = new ReportTranscripts(maxBytes);
        foreach (var record in records)
        {
            if (!stored.TryGetValue(record.RecordId, out var messages) || taken._embedded.ContainsKey(record.RecordId) || taken._leftOut.Contains(record.RecordId))
            {
                continue;
            }

            var size = messages.Sum(m => m.Size);
            if (taken.LeftOut == 0 && taken.Bytes + size <= maxBytes)
            {
                taken._embedded.Add(record.RecordId, messages);
                taken.Bytes += size;
            }
            else
            {
                // Once one is left out, so is every later one: the page then covers a prefix of the samples, easy to say.
                taken._leftOut.Add(record.RecordId);
                taken.LeftOutBytes += size;
            }
        }

        return taken;
    }

    /// <summary>The embedded transcript of <paramref name="recordId"/>, or <see langword="null"/> when none is embedded.</summary>
    public IReadOnlyList<TranscriptMessage>? Of(string recordId) => _embedded.GetValueOrDefault(recordId);

    /// <summary>Whether <paramref name="recordId"/> has a stored transcript the cap left out.</summary>
    public bool IsLeftOut(string recordId) => _leftOut.Contains(recordId);
}
