using RunnerHarness.Aggregation;
using RunnerHarness.Matrix;
using RunnerHarness.ObjectStorage.Hosting;
using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Tests.Emulators;
using RunnerHarness.ObjectStorage.Tests.Transfer;
using RunnerHarness.ObjectStorage.Transfer;
using RunnerHarness.Planning;
using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace RunnerHarness.ObjectStorage.Tests.Hosting;

/// <summary>
/// A test host on a machine whose mirror is empty plans top-up from the URL store's summaries alone: it downloads no data
/// object while every summary is sound, plans exactly what a machine holding every object plans, and downloads the one
/// data file whose summary is missing or damaged.
/// </summary>
public sealed class PlanningFromSummariesTests(ObjectStorageEmulators emulators) : IClassFixture<ObjectStorageEmulators>, IDisposable
{
    private const string Assembly = "WorkflowBench.Tests";
    private const string TestClass = "WorkflowBench.Tests.ToolUseTests";
    private const string TestMethod = "Completes_task";
    private const int Samples = 3;

    private static readonly MatrixDefinition Cube = new()
    {
        Models = ["gpt-4o-mini", "claude-3-5-haiku"],
        PromptTypes = ["baseline", "optimal", "flawed_tool_misuse"],
        Difficulties = ["easy", "hard"],
        SamplesPerCell = Samples,
    };

    private readonly string _root = Directory.CreateTempSubdirectory("rh-urlplan-").FullName;

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task A_fresh_machines_test_host_downloads_no_data_object_when_every_summary_is_sound_and_plans_what_a_full_mirror_plans(string service)
    {
        var (location, objects, dataKeys) = await SeededStoreAsync(service);
        var counting = new CountingObjectStore(objects);
        var mirror = new StoreLayout(Path.Combine(_root, "fresh-machine", "mirror"));

        string synced;
        using (var host = new MirroredRemoteStore(counting, location, mirror.Root))
        {
            synced = host.Synchronize(CancellationToken.None);
        }

        var plan = Plan(mirror);

        Assert.DoesNotContain(counting.Downloads, d => dataKeys.Contains(d.Key));
        Assert.Equal(
            (await ObjectStorageEmulators.KeysAsync(location, Environment(service), "summaries/")).Order(StringComparer.Ordinal),
            counting.Downloads.Select(d => d.Key).Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(mirror.DataDirectory) && Directory.EnumerateFiles(mirror.DataDirectory, "*", SearchOption.AllDirectories).Any());
        Assert.Contains($"{3 * 2} sealed files listed, 3 downloaded into the mirror {mirror.Root} (0 of them data files)", synced, StringComparison.Ordinal);
        AssertSamePlan(FullMirrorPlan(objects, location), plan);
        Assert.Equal(8, plan.RowsToRun.Count); // Two rate-limited samples and the six cells without a third sample.
        Assert.Empty(plan.StoreProblems);
    }

    [EmulatorTheory]
    [InlineData("az", false)]
    [InlineData("az", true)]
    [InlineData("s3", false)]
    [InlineData("s3", true)]
    public async Task A_missing_or_damaged_summary_makes_the_fresh_machine_download_that_one_data_file_and_read_it(string service, bool damaged)
    {
        var (location, objects, dataKeys) = await SeededStoreAsync(service);
        var summaries = new Dictionary<string, ObjectEntry>(StringComparer.Ordinal);
        await foreach (var entry in objects.ListEntriesAsync(location.KeyOf("summaries/"), CancellationToken.None))
        {
            summaries[entry.Key] = entry;
        }

        // The Parquet run's summary goes; when damaged, the first run's summary takes its place: its checksum holds, and it describes another file.
        var parquet = dataKeys.Single(k => k.EndsWith(".parquet", StringComparison.Ordinal));
        var lost = summaries.Values.Single(s => s.Key.Contains(Path.GetFileName(parquet), StringComparison.Ordinal));
        Assert.True(await objects.TryDeleteAsync(lost.Key, lost.ETag, CancellationToken.None));
        if (damaged)
        {
            var other = summaries.Keys.First(k => k != lost.Key);
            var bytes = Path.Combine(_root, "other.summary");
            await using (var file = File.Create(bytes))
            {
                await objects.DownloadAsync(other, file, CancellationToken.None);
            }

            var foreignName = Path.GetFileName(parquet) + Path.GetFileName(other)[Path.GetFileName(other).IndexOf(".sha256_", StringComparison.Ordinal)..];
            Assert.True(await objects.TryCreateAsync(lost.Key[..(lost.Key.LastIndexOf('/') + 1)] + foreignName, bytes, CancellationToken.None));
        }

        var counting = new CountingObjectStore(objects);
        var mirror = new StoreLayout(Path.Combine(_root, "fresh-machine", "mirror"));
        using (var host = new MirroredRemoteStore(counting, location, mirror.Root))
        {
            host.Synchronize(CancellationToken.None);
        }

        var plan = Plan(mirror);

        Assert.Equal([parquet], counting.Downloads.Select(d => d.Key).Where(dataKeys.Contains));
        AssertSamePlan(FullMirrorPlan(objects, location), plan);
        Assert.Equal(8, plan.RowsToRun.Count);
        if (damaged)
        {
            Assert.Contains(plan.StoreProblems, p => p.Kind == StoreProblemKind.DamagedSummary && p.Path.Contains(Path.GetFileName(parquet), StringComparison.Ordinal));
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private StoreEnvironment Environment(string service) => service == "az" ? emulators.AzureEnvironment() : emulators.S3Environment();

    /// <summary>
    /// A URL store of three nightly runs of the cube (JSON Lines, Parquet, JSON Lines), each sealed with its summary:
    /// samples 0 and 1 of every cell, two of them rate limited, and sample 2 of half the cells.
    /// </summary>
    private async Task<(StoreLocation Location, IObjectStore Objects, HashSet<string> DataKeys)> SeededStoreAsync(string service)
    {
        var seed = new StoreLayout(Path.Combine(_root, "seed"));
        var rows = Cube.Expand().Rows;
        var bySample = rows.GroupBy(r => r.SampleIndex).ToDictionary(g => g.Key, g => g.ToList());
        Seal(seed, StorageFormat.Json, "nightly-2026-12-01", bySample[0].Select((r, i) => Recorded(r, i < 2 ? ErrorCategory.RateLimited : null)));
        Seal(seed, StorageFormat.Parquet, "nightly-2026-12-02", bySample[1].Select(r => Recorded(r, null)));
        Seal(seed, StorageFormat.Json, "nightly-2026-12-03", bySample[2].Take(bySample[2].Count / 2).Select(r => Recorded(r, null)));
        var (location, environment, objects) = await emulators.NewStoreHoldingAsync(service, seed);
        var dataKeys = (await ObjectStorageEmulators.KeysAsync(location, environment, "data/")).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(3, dataKeys.Count);
        return (location, objects, dataKeys);
    }

    /// <summary>The plan of a second machine whose mirror holds every object (a test host's sync with records).</summary>
    private TopUpPlan FullMirrorPlan(IObjectStore objects, StoreLocation location)
    {
        var full = new StoreLayout(Path.Combine(_root, "full-machine", "mirror"));
        using (var host = new MirroredRemoteStore(objects, location, full.Root))
        {
            host.SynchronizeRecords(CancellationToken.None);
        }

        Assert.Equal(3, full.DataFiles().Count);
        return Plan(full);
    }

    private static TopUpPlan Plan(StoreLayout mirror) => new TopUpPlanner(mirror).Plan(Assembly, TestClass, TestMethod, Cube.Expand().Rows, Samples);

    private static void AssertSamePlan(TopUpPlan expected, TopUpPlan actual)
    {
        Assert.Equal(expected.RowsToRun, actual.RowsToRun);
        Assert.Equal(expected.Cells.Select(c => (c.Rows, c.Held, c.Missing)), actual.Cells.Select(c => (c.Rows, c.Held, c.Missing)));
        Assert.Equal(expected.Describe(), actual.Describe());
    }

    private static void Seal(StoreLayout layout, StorageFormat format, string runId, IEnumerable<ResultRecord> records)
    {
        using var writer = RecordWriter.Open(layout, SampleHoldings.Rule, format, runId);
        foreach (var record in records)
        {
            writer.Append(record);
        }
    }

    /// <summary>A result as the recorder writes it for <paramref name="row"/>: passed, or failed by the provider with <paramref name="category"/>.</summary>
    private static ResultRecord Recorded(MatrixSample row, string? category)
    {
        var record = new ResultRecordBuilder
        {
            RecordId = Guid.CreateVersion7().ToString(),
            CaseKey = CaseKey.For(Assembly, TestClass, TestMethod, row),
            Assembly = Assembly,
            TestClass = TestClass,
            TestMethod = TestMethod,
            Outcome = category is null ? TestOutcome.Passed : TestOutcome.Failed,
            SuccessLevel = category is null ? SuccessLevel.FullSuccess : SuccessLevel.Failure,
            ErrorCategory = category,
            Host = "ci-runner-07",
            StartedAt = new DateTime(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc),
            FinishedAt = new DateTime(2026, 12, 1, 2, 0, 4, DateTimeKind.Utc),
        };
        row.ApplyTo(record);
        return record.Build();
    }
}
