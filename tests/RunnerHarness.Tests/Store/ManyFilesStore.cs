using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Tests.Store;

/// <summary>
/// The store of <see cref="ManyFilesSweepTests"/>, written once for the class (91 Parquet files, most of the class's
/// CPU): nine runs an hour apart, each sealed by a bulk write into ten files of twenty records, and an import repeating
/// records of the second and the fourth run in one file whose range spans the files between. Tests read and change
/// copies of it (<see cref="CopyTo"/>).
/// </summary>
public sealed class ManyFilesStore : IDisposable
{
    /// <summary>Runs in the store.</summary>
    public const int Runs = 9;

    /// <summary>Files each run is sealed into.</summary>
    public const int SegmentsPerRun = 10;

    private const int RecordsPerSegment = 20;

    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _directory = new();

    public ManyFilesStore()
    {
        var layout = new StoreLayout(_directory.Path);
        var written = WriteRuns(layout);
        Written = written;
        Repeats = WriteRepeats(layout, written);
    }

    /// <summary>The records of the nine runs, each once.</summary>
    public IReadOnlyList<ResultRecord> Written { get; }

    /// <summary>The records the import repeats.</summary>
    public IReadOnlyList<ResultRecord> Repeats { get; }

    /// <summary>Copies the store, every folder and file, to <paramref name="folder"/> and returns its layout there.</summary>
    public StoreLayout CopyTo(string folder)
    {
        foreach (var directory in Directory.EnumerateDirectories(_directory.Path, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(folder, Path.GetRelativePath(_directory.Path, directory)));
        }

        foreach (var file in Directory.EnumerateFiles(_directory.Path, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(folder, Path.GetRelativePath(_directory.Path, file)));
        }

        return new StoreLayout(folder);
    }

    public void Dispose() => _directory.Dispose();

    private static List<ResultRecord> WriteRuns(StoreLayout layout)
    {
        var written = new List<ResultRecord>();
        for (var run = 0; run < Runs; run++)
        {
            var runId = $"run-20261207-{8 + run:00}00";
            var start = Monday.AddHours(run);
            var records = TestRecords.Varied(SegmentsPerRun * RecordsPerSegment, seed: 300 + run)
                .Select((r, i) => new ResultRecordBuilder(r) { RecordId = Key(start.AddMilliseconds(i * 3)), RunId = runId }.Build())
                .ToList();
            new BulkRecordWriter(layout, SampleHoldings.Rule, StorageFormat.Parquet, new WriterIdentity(runId), segmentRecordLimit: RecordsPerSegment)
                .Write(records.Select(r => (r, (IReadOnlyList<TranscriptMessage>?)null)));
            written.AddRange(records);
        }

        return written;
    }

    private static List<ResultRecord> WriteRepeats(StoreLayout layout, List<ResultRecord> written)
    {
        var perRun = SegmentsPerRun * RecordsPerSegment;
        List<ResultRecord> repeats = [.. written.Skip(perRun + 5).Take(7), .. written.Skip(3 * perRun + 150).Take(4)];
        new BulkRecordWriter(layout, SampleHoldings.Rule, StorageFormat.Parquet, new WriterIdentity("run-20261207-2000"))
            .Write(repeats.Select(r => (r, (IReadOnlyList<TranscriptMessage>?)null)));
        return repeats;
    }

    private static string Key(DateTimeOffset time) => Guid.CreateVersion7(time).ToString("D");
}
