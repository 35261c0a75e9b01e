using RunnerHarness.Matrix;
using RunnerHarness.Planning;
using RunnerHarness.Settings;

namespace RunnerHarness.Tests.Planning;

public sealed class ShardFilterTests
{
    private static readonly IReadOnlyList<MatrixSample> Rows = new MatrixDefinition
    {
        Models = ["a", "b", "c"],
        PromptTypes = ["baseline", "optimal", "cot"],
        Difficulties = ["easy", "medium", "hard"],
        TaskTypes = ["simple_task", "data_pipeline"],
        SamplesPerCell = 3,
    }.Expand().Rows;

    private static string KeyOf(MatrixSample row) => CaseKey.For("Bench.Tests", "Bench.Batch", "Run", row);

    [Fact]
    public void Select_AllShardsForManyCounts_CoverEveryRowExactlyOnceAndBalanced()
    {
        foreach (var count in Enumerable.Range(1, 40).Append(Rows.Count).Append(Rows.Count + 7))
        {
            var parts = Enumerable.Range(0, count).Select(i => new ShardFilter(new ShardSpec(i, count)).Select(Rows, KeyOf)).ToList();

            var all = parts.SelectMany(p => p).ToList();
            Assert.Equal(Rows.Count, all.Count);
            Assert.Equal(Rows.OrderBy(r => r.ToString(), StringComparer.Ordinal), all.OrderBy(r => r.ToString(), StringComparer.Ordinal));
            Assert.True(parts.Max(p => p.Count) - parts.Min(p => p.Count) <= 1, $"{count} shards are unbalanced: {string.Join(", ", parts.Select(p => p.Count))}");
        }
    }

    [Fact]
    public void Select_RowsInAnotherOrder_GivesEachRowTheSameShard()
    {
        var shuffled = Rows.OrderBy(r => KeyOf(r).GetHashCode(StringComparison.Ordinal)).ToList();
        for (var i = 0; i < 5; i++)
        {
            var filter = new ShardFilter(new ShardSpec(i, 5));

            var inOrder = filter.Select(Rows, KeyOf);
            var fromShuffled = filter.Select(shuffled, KeyOf);

            Assert.Equal(inOrder.Select(KeyOf).Order(StringComparer.Ordinal), fromShuffled.Select(KeyOf).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Select_KeepsTheRowsOrder()
    {
        var part = new ShardFilter(new ShardSpec(1, 3)).Select(Rows, KeyOf);

        var positions = part.Select(r => Rows.ToList().IndexOf(r)).ToList();
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void Assign_KnownKeys_IsTheSameInEveryProcess()
    {
        // Pinned values, computed independently with Python's hashlib (first 8 bytes of SHA-256, big-endian, sorted,
        // dealt round-robin). A change here means shards of different harness versions would stop being disjoint.
        Assert.Equal([2, 0, 2, 0, 1, 1], ShardFilter.Assign(["a", "b", "c", "d", "e", "f"], 3));
    }

    [Fact]
    public void Assign_DuplicateKey_Fails()
    {
        var error = Assert.Throws<ArgumentException>(() => ShardFilter.Assign(["a", "b", "a"], 2));

        Assert.Contains("'a' appears twice", error.Message, StringComparison.Ordinal);
    }
}
