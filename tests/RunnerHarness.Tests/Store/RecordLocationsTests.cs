using RunnerHarness.Store;
using Xunit;

namespace RunnerHarness.Tests.Store;

public sealed class RecordLocationsTests
{
    private static readonly DateTimeOffset Morning = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AddRepeats_SegmentsOfOneWriterTwoWritersAtOnceAndCopies_FindsExactlyTheIdsHeldMoreThanOnce()
    {
        var files = StoreOfCopies();
        var locations = Located(files);
        var repeated = new HashSet<string>(StringComparer.Ordinal);

        locations.AddRepeats(repeated);

        var expected = Reference(files).Repeated;
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(StringComparer.Ordinal), repeated.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TryGet_EveryIdOfTheFiles_IsWhereItsFirstCopyIs()
    {
        var files = StoreOfCopies();
        var locations = Located(files);
        locations.AddRepeats(new HashSet<string>(StringComparer.Ordinal));
        var expected = Reference(files).First;

        foreach (var (key, first) in expected)
        {
            Assert.True(locations.TryGet(key, out var location), key);
            Assert.Equal(first, location);
            if (Guid.TryParseExact(key, "D", out _))
            {
                Assert.True(locations.TryGet(key.ToUpperInvariant(), out var upper), key);
                Assert.Equal(first, upper);
            }
        }

        Assert.False(locations.TryGet(Guid.CreateVersion7(Morning.AddHours(5)).ToString("D"), out _));
        Assert.False(locations.TryGet("legacy-run-0-row-unknown", out _));
    }

    [Fact]
    public void AddRepeats_FilesWithoutRepeats_FindsNone()
    {
        var files = new List<string[]>
        {
            Minted(Morning, 5_000),
            Minted(Morning.AddMinutes(30), 5_000),
            Minted(Morning.AddMinutes(10), 5_000),
        };
        var locations = Located(files);
        var repeated = new HashSet<string>(StringComparer.Ordinal);

        locations.AddRepeats(repeated);

        Assert.Empty(repeated);
    }

    [Theory]
    [InlineData(20261207)]
    [InlineData(7)]
    [InlineData(424242)]
    public void AddRepeatsAndTryGet_ManySmallFilesDrawingFromFewIds_AgreeWithADictionaryOfEveryId(int seed)
    {
        // Few ids over many files: ids equal across files meet at the merge's queue bound, repeat within a file, come in
        // either letter case; files hold no id, only legacy ids, or more than the first buffer (resized while a sort reads the other).
        var random = new Random(seed);
        var pool = Enumerable.Range(0, 40).Select(i => Guid.CreateVersion7(Morning.AddSeconds(i % 20)).ToString("D")).ToArray();
        var files = new List<string[]>();
        for (var file = 0; file < 60; file++)
        {
            var length = file % 17 == 5 ? 9_000 : random.Next(0, 12);
            var onlyLegacy = file % 11 == 3;
            files.Add(Enumerable.Range(0, length).Select(row =>
                onlyLegacy || random.Next(8) == 0 ? $"legacy-run-{file % 4}-row-{random.Next(6)}"
                : length > 100 ? Guid.CreateVersion7(Morning.AddHours(file).AddMilliseconds(row)).ToString("D")
                : random.Next(3) == 0 ? pool[random.Next(pool.Length)].ToUpperInvariant()
                : pool[random.Next(pool.Length)]).ToArray());
        }

        var locations = Located(files);
        var repeated = new HashSet<string>(StringComparer.Ordinal);
        locations.AddRepeats(repeated);

        var (expectedRepeated, expectedFirst) = Reference(files);
        Assert.NotEmpty(expectedRepeated);
        Assert.Equal(expectedRepeated.Order(StringComparer.Ordinal), repeated.Order(StringComparer.Ordinal));
        foreach (var (key, first) in expectedFirst)
        {
            Assert.True(locations.TryGet(key, out var location), key);
            Assert.Equal(first, location);
        }
    }

    // Five files as a store can hold them: two segments one writer sealed one after the other (the second's first ids in the
    // millisecond of the first's last), two segments two writers filled at the same time (their ids interleaved in time),
    // and an imported file repeating ids of each, one spelled in upper case; an id twice within a file; ids that are not UUIDs.
    private static List<string[]> StoreOfCopies()
    {
        var first = Minted(Morning, 20_000);
        var second = Minted(Morning.AddMilliseconds(19_999), 20_000);
        var (left, right) = Interleaved(Morning.AddHours(1), 15_000);
        left[100] = left[7_000];
        first[19_999] = "legacy-run-3-row-19999";
        right[0] = "legacy-run-3-row-19999";
        var imported = new[]
        {
            first[0], first[12_345], second[19_999].ToUpperInvariant(), left[7_000], right[14_999], "legacy-run-3-row-19999",
            Guid.CreateVersion7(Morning.AddHours(2)).ToString("D"), second[5],
        };
        return [first, second, left, right, imported];
    }

    private static string[] Minted(DateTimeOffset start, int count) =>
        Enumerable.Range(0, count).Select(i => Guid.CreateVersion7(start.AddMilliseconds(i)).ToString("D")).ToArray();

    private static (string[] Left, string[] Right) Interleaved(DateTimeOffset start, int count) =>
        (Minted(start, count), Minted(start.AddTicks(1), count));

    private static RecordLocations Located(List<string[]> files)
    {
        var locations = new RecordLocations();
        for (var file = 0; file < files.Count; file++)
        {
            for (var row = 0; row < files[file].Length; row++)
            {
                locations.Add(ParsedRecordId.Of(files[file][row]), file, row);
            }

            locations.EndFile();
        }

        return locations;
    }

    // What a dictionary of every id gives: the first copy of each id, and the ids met again.
    private static (HashSet<string> Repeated, Dictionary<string, (int File, int Row)> First) Reference(List<string[]> files)
    {
        var first = new Dictionary<string, (int File, int Row)>(StringComparer.Ordinal);
        var repeated = new HashSet<string>(StringComparer.Ordinal);
        for (var file = 0; file < files.Count; file++)
        {
            for (var row = 0; row < files[file].Length; row++)
            {
                var key = RecordIdComparer.Canonical(files[file][row]);
                if (!first.TryAdd(key, (file, row)))
                {
                    repeated.Add(key);
                }
            }
        }

        return (repeated, first);
    }
}
