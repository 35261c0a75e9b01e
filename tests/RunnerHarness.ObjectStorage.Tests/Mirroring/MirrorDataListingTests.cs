using RunnerHarness.Aggregation;
using RunnerHarness.Store;
using RunnerHarness.Store.Remote;
using RunnerHarness.Store.Summaries;
using RunnerHarness.Tests;

namespace RunnerHarness.ObjectStorage.Tests.Mirroring;

/// <summary>
/// The summary reader over a mirror synced for planning: a data file the store listed (<see cref="MirrorDataListing"/>)
/// and the mirror lacks counts from its summary only when the summary names the listed length.
/// </summary>
public sealed class MirrorDataListingTests : IDisposable
{
    private const string RunId = "nightly-2026-12-05";
    private const int Records = 120;

    private readonly string _root = Directory.CreateTempSubdirectory("rh-urlplan-listing-").FullName;

    [Fact]
    public void A_listed_data_file_the_mirror_lacks_counts_from_its_summary_when_the_summary_names_the_listed_length()
    {
        var (mirror, relative, length) = MirrorWithSummaryOnly();
        MirrorDataListing.Write(mirror.Root, [new(relative, length)]);

        var reader = new StoreSummaryReader(mirror, SampleHoldings.Rule);
        var all = reader.Read(runIds: null, includeLiveLogs: true).Sum(s => s.Records);
        var ofRun = new StoreSummaryReader(mirror, SampleHoldings.Rule).Read([RunId], includeLiveLogs: false).Sum(s => s.Records);

        Assert.Equal(Records, all);
        Assert.Equal(Records, ofRun);
        Assert.Equal((1, 0), (reader.SummariesRead, reader.FilesReadInFull));
        Assert.Empty(reader.Problems);
    }

    [Fact]
    public void A_listed_data_file_whose_summary_names_another_length_or_without_a_listing_counts_nothing()
    {
        var (mirror, relative, length) = MirrorWithSummaryOnly();
        Assert.Equal(0, new StoreSummaryReader(mirror, SampleHoldings.Rule).Read(runIds: null, includeLiveLogs: true).Sum(s => s.Records));

        MirrorDataListing.Write(mirror.Root, [new(relative, length + 1)]);
        var reader = new StoreSummaryReader(mirror, SampleHoldings.Rule);

        Assert.Equal(0, reader.Read(runIds: null, includeLiveLogs: true).Sum(s => s.Records));
        var problem = Assert.Single(reader.Problems);
        Assert.Equal((StoreProblemKind.UnreadableFile, relative), (problem.Kind, problem.Path));
        Assert.Contains($"of {length + 1} bytes", problem.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A mirror holding the summary of one sealed run and not its data file: the file's path and length.</summary>
    private (StoreLayout Mirror, string Relative, long Length) MirrorWithSummaryOnly()
    {
        var source = new StoreLayout(Path.Combine(_root, "store"));
        using (var writer = RecordWriter.Open(source, SampleHoldings.Rule, StorageFormat.Json, RunId))
        {
            foreach (var record in TestRecords.Varied(Records))
            {
                writer.Append(record);
            }
        }

        var data = Assert.Single(source.DataFiles());
        var mirror = new StoreLayout(Path.Combine(_root, "mirror"));
        foreach (var summary in Directory.EnumerateFiles(source.SummaryDirectory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(mirror.Root, Path.GetRelativePath(source.Root, summary));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(summary, target);
        }

        return (mirror, source.Relative(data), new FileInfo(data).Length);
    }
}
