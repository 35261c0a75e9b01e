using RunnerHarness.Aggregation;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Store.Integrity;

/// <summary>
/// Issue 20, findings 1 and 13: the store never follows a symbolic link out of itself. A link under <c>data/</c>,
/// <c>wal/</c> or <c>tmp/</c> is reported (naming the link and its target) and left alone: nothing behind it is read,
/// merged, sealed, locked or deleted. A dangling link is reported as one, not skipped and not blamed on a compaction.
/// </summary>
public sealed class SymlinkTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;
    private readonly StoreLayout _other;

    public SymlinkTests()
    {
        _layout = new StoreLayout(Path.Combine(_directory.Path, "store"));
        _other = new StoreLayout(Path.Combine(_directory.Path, "other-store"));
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Compact_RunFolderLinkedToAnotherStore_ReportsTheLinkAndNeitherMergesNorDeletesThere()
    {
        Write(_layout, "run-20261206-0001", 20, seed: 1);
        Write(_layout, "run-20261206-0002", 20, seed: 2);
        Write(_other, "run-20261130-0007", 30, seed: 3);
        var otherFiles = StoreFiles.Snapshot(_other.Root);
        var link = Path.Combine(_layout.DataDirectory, "runs", "run-20261130-0007");
        Directory.CreateSymbolicLink(link, _other.RunDirectory("run-20261130-0007"));

        var result = new StoreCompactor(_layout, SampleHoldings.Rule).Compact();

        Assert.Equal(otherFiles, StoreFiles.Snapshot(_other.Root));
        var problem = Assert.Single(result.Problems, p => p.Kind == StoreProblemKind.LinkedPath);
        Assert.Equal("data/runs/run-20261130-0007", problem.Path);
        Assert.Contains(_other.RunDirectory("run-20261130-0007"), problem.Message, StringComparison.Ordinal);
        Assert.Equal(40, result.Records);
        Assert.Equal(40, new StoreReader(_layout).Read().Count());
    }

    [Fact]
    public void Compact_TmpLinkedToAnOutsideFolder_DeletesNothingThere()
    {
        Write(_layout, "run-20261206-0001", 5, seed: 1);
        var outside = Directory.CreateDirectory(Path.Combine(_directory.Path, "outside")).FullName;
        var file = Path.Combine(outside, "9f2c4e1ab7d84c55a3e0f1b2c3d4e5f6.jsonl");
        File.WriteAllText(file, "{\"note\":\"not the store's\"}\n");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-3));
        Directory.Delete(_layout.TempDirectory);
        Directory.CreateSymbolicLink(_layout.TempDirectory, outside);

        var result = new StoreCompactor(_layout, SampleHoldings.Rule).Compact();

        Assert.True(File.Exists(file), "compaction deleted a file outside the store through a linked tmp/");
        var problem = Assert.Single(result.Problems, p => p.Kind == StoreProblemKind.LinkedPath);
        Assert.Equal("tmp", problem.Path);
    }

    [Fact]
    public void Compact_WalFolderLinkedOutside_IsNeitherSealedNorLockedNorDeleted()
    {
        Write(_layout, "run-20261206-0001", 5, seed: 1);
        var outside = Directory.CreateDirectory(Path.Combine(_directory.Path, "notes")).FullName;
        var file = Path.Combine(outside, "2026-12-06.jsonl");
        File.WriteAllText(file, "{\"meeting\":\"weekly eval review\"}\n");
        var before = StoreFiles.Snapshot(outside);
        Directory.CreateDirectory(_layout.WriteAheadLogDirectory);
        Directory.CreateSymbolicLink(Path.Combine(_layout.WriteAheadLogDirectory, "run-20261206-0009"), outside);

        var result = new StoreCompactor(_layout, SampleHoldings.Rule).Compact();

        Assert.Equal(before, StoreFiles.Snapshot(outside));
        Assert.Contains(result.Problems, p => p.Kind == StoreProblemKind.LinkedPath && p.Path == "wal/run-20261206-0009");
    }

    [Fact]
    public void Read_DataFileLinkedToAnOutsideFile_ReportsTheLinkAndNotTheFilesContent()
    {
        Write(_layout, "run-20261206-0001", 5, seed: 1);
        var secret = Path.Combine(_directory.Path, "passwd");
        File.WriteAllText(secret, "root:x:0:0:root:/root:/bin/bash\n{\"token\":\"sk-live-4f9a\"\n");
        var link = Path.Combine(_layout.RunDirectory("run-20261206-0001"), "stolen.jsonl");
        File.CreateSymbolicLink(link, secret);

        var reader = new StoreReader(_layout);
        var count = reader.Read().Count();

        Assert.Equal(5, count);
        var problem = Assert.Single(reader.Problems);
        Assert.Equal(StoreProblemKind.LinkedPath, problem.Kind);
        Assert.Equal("data/runs/run-20261206-0001/stolen.jsonl", problem.Path);
        Assert.DoesNotContain("root:", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_DanglingLinkDataFile_IsReportedAndVerifyNamesItADanglingLink()
    {
        Write(_layout, "run-20261206-0001", 5, seed: 1);
        var link = Path.Combine(_layout.RunDirectory("run-20261206-0001"), "ci-linux-1-812-20261206T091500-0000.sha256_0123456789abcdef0123456789abcdef.jsonl");
        File.CreateSymbolicLink(link, Path.Combine(_directory.Path, "gone", "segment.jsonl"));

        var reader = new StoreReader(_layout);
        Assert.Equal(5, reader.Read().Count());
        var readProblem = Assert.Single(reader.Problems);
        Assert.Equal(StoreProblemKind.LinkedPath, readProblem.Kind);
        Assert.Contains("dangling", readProblem.Message, StringComparison.Ordinal);

        var verified = new StoreVerifier(_layout, SampleHoldings.Rule).Verify();
        var problem = Assert.Single(verified.Problems);
        Assert.Equal(StoreProblemKind.LinkedPath, problem.Kind);
        Assert.Equal(_layout.Relative(link), problem.Path);
        Assert.Contains("dangling", problem.Message, StringComparison.Ordinal);
    }

    private static void Write(StoreLayout layout, string runId, int count, int seed)
    {
        using var writer = RecordWriter.Open(layout, SampleHoldings.Rule, StorageFormat.Json, runId);
        foreach (var record in TestRecords.Varied(count, seed))
        {
            writer.Append(record);
        }

        writer.Complete();
    }
}
