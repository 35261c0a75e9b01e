using Microsoft.Extensions.AI;
using RunnerHarness.Matrix;
using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Configuration;

namespace RunnerHarness.Cli.Tests.Commands;

/// <summary><c>runner-harness cache</c> on real cache folders written by the real <see cref="ResponseCache"/>.</summary>
public sealed class CacheCommandTests : IDisposable
{
    private static readonly ModelsConfiguration Models = ModelsConfigurationReader.Parse(
        """
        {
          "providers": {
            "openai": { "kind": "openai", "api_key_env": "OPENAI_API_KEY" },
            "local-vllm": { "kind": "openai-compatible", "endpoint": "http://127.0.0.1:8000/v1" }
          },
          "models": {
            "gpt-4o-mini": { "provider": "openai", "model_id": "gpt-4o-mini-2024-07-18" },
            "qwen2.5-7b": { "provider": "local-vllm", "model_id": "Qwen/Qwen2.5-7B-Instruct" }
          }
        }
        """,
        "/src/bench/runner-harness.models.json",
        "the test's models file");

    private readonly CliRun _cli = new();

    private string CacheDirectory => Path.Combine(_cli.Directory, "runner-harness-model-cache");

    public void Dispose() => _cli.Dispose();

    /// <summary><paramref name="path"/> as the CLI's captured output shows it (the working directory as <c>&lt;dir&gt;</c>).</summary>
    private string Shown(string path) => path.Replace(_cli.Directory, "<dir>", StringComparison.Ordinal);

    [Fact]
    public void Cache_EntriesOfTwoModels_ShowsEntriesAndSizePerProviderAndModel()
    {
        Write("gpt-4o-mini", 0, FixedClock.Instant.AddDays(-2));
        Write("gpt-4o-mini", 1, FixedClock.Instant.AddDays(-1));
        Write("qwen2.5-7b", 0, FixedClock.Instant.AddDays(-1));
        File.WriteAllText(Path.Combine(CacheDirectory, "notes.txt"), "kept by hand");

        var (code, output, _) = _cli.Run("cache", "--cache-dir", CacheDirectory);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains($"Response cache at {Shown(CacheDirectory)} (from --cache-dir): 3 entries, ", output, StringComparison.Ordinal);
        Assert.Contains("  openai / gpt-4o-mini (model id gpt-4o-mini-2024-07-18): 2 entries, ", output, StringComparison.Ordinal);
        Assert.Contains("  local-vllm / qwen2.5-7b (model id Qwen/Qwen2.5-7B-Instruct): 1 entries, ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("damaged", output, StringComparison.Ordinal);
    }

    [Fact]
    public void CacheList_NoOption_ReadsTheFolderOfTheSettingRelativeToTheWorkingDirectory()
    {
        Write("qwen2.5-7b", 0, FixedClock.Instant);
        _cli.Environment["RUNNER_HARNESS_MODEL_CACHE_DIR"] = "runner-harness-model-cache";

        var (code, output, _) = _cli.Run("cache", "list");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains($"Response cache at {Shown(CacheDirectory)} (from RUNNER_HARNESS_MODEL_CACHE_DIR): 1 entries", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Cache_FolderMissing_ExitsStoreUnavailableNamingIt()
    {
        var missing = Path.Combine(_cli.Directory, "no-cache-here");

        var (code, _, error) = _cli.Run("cache", "verify", "--cache-dir", missing);

        Assert.Equal(ExitCodes.StoreUnavailable, code);
        Assert.Contains($"there is no response cache folder at {Shown(missing)} (from --cache-dir)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void CacheClear_ByModel_DeletesOnlyThatModelsEntriesAndNothingElseInTheFolder()
    {
        var gone = Write("gpt-4o-mini", 0, FixedClock.Instant);
        var kept = Write("qwen2.5-7b", 0, FixedClock.Instant);
        var notes = Path.Combine(CacheDirectory, "notes.txt");
        File.WriteAllText(notes, "kept by hand");
        var beside = Path.Combine(Path.GetDirectoryName(gone)!, "README.md");
        File.WriteAllText(beside, "not an entry");
        var torn = Path.Combine(Path.GetDirectoryName(gone)!, Path.GetFileName(gone)[..2] + new string('0', 62) + ".json");
        File.WriteAllText(torn, """{"format_version":2,"key":""");
        var outside = Path.Combine(_cli.Directory, "outside.json");
        File.Copy(Write("gpt-4o-mini", 5, FixedClock.Instant), outside);
        var link = Path.Combine(Path.GetDirectoryName(gone)!, Path.GetFileName(gone)[..2] + new string('1', 62) + ".json");
        File.CreateSymbolicLink(link, outside);

        var (code, output, _) = _cli.Run("cache", "clear", "--model", "gpt-4o-mini", "--cache-dir", CacheDirectory);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Deleted 2 entries of the model 'gpt-4o-mini'", output, StringComparison.Ordinal);
        Assert.False(File.Exists(gone));
        Assert.True(File.Exists(kept));
        Assert.True(File.Exists(notes));
        Assert.True(File.Exists(beside));
        Assert.True(File.Exists(torn));
        Assert.True(File.Exists(outside));
        Assert.NotNull(new FileInfo(link).LinkTarget);
    }

    [Fact]
    public void CacheClear_OlderThan30Days_DeletesOnlyEntriesCachedBefore()
    {
        var old = Write("qwen2.5-7b", 0, FixedClock.Instant.AddDays(-40));
        var recent = Write("qwen2.5-7b", 1, FixedClock.Instant.AddDays(-29));

        var (code, output, _) = _cli.Run("cache", "clear", "--older-than", "30d", "--cache-dir", CacheDirectory);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Deleted 1 entries cached more than 30d ago", output, StringComparison.Ordinal);
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));
    }

    [Fact]
    public void CacheClear_OlderThanNotADuration_ExitsUsageErrorNamingTheValueAndDeletesNothing()
    {
        var entry = Write("qwen2.5-7b", 0, FixedClock.Instant.AddDays(-40));

        var (code, _, error) = _cli.Run("cache", "clear", "--older-than", "a month", "--cache-dir", CacheDirectory);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--older-than 'a month' is not a duration; use a number with s, m, h or d (90m, 12h, 30d)", error, StringComparison.Ordinal);
        Assert.True(File.Exists(entry));
    }

    [Fact]
    public void CacheVerify_TornAndMisnamedEntries_ReportsEachAndExitsStoreDamaged()
    {
        var good = Write("gpt-4o-mini", 0, FixedClock.Instant);
        var other = Write("gpt-4o-mini", 1, FixedClock.Instant);
        var folder = Path.GetDirectoryName(good)!;
        var misnamed = Path.Combine(folder, Path.GetFileName(good)[..2] + new string('a', 62) + ".json");
        File.Copy(other, misnamed);
        var torn = Path.Combine(folder, Path.GetFileName(good)[..2] + new string('b', 62) + ".json");
        File.WriteAllText(torn, """{"format_version":2,"key":"ab""");

        var (code, output, _) = _cli.Run("cache", "verify", "--cache-dir", CacheDirectory);

        Assert.Equal(ExitCodes.StoreDamaged, code);
        Assert.Contains(": 2 entries; 2 damaged", output, StringComparison.Ordinal);
        Assert.Contains($"  {Shown(misnamed)}: its key is {Path.GetFileNameWithoutExtension(other)}, not its name", output, StringComparison.Ordinal);
        Assert.Contains($"  {Shown(torn)}: not JSON", output, StringComparison.Ordinal);
        Assert.True(File.Exists(torn));
    }

    [Fact]
    public void CacheVerify_CleanFolder_ExitsSuccess()
    {
        Write("qwen2.5-7b", 0, FixedClock.Instant);

        var (code, output, _) = _cli.Run("cache", "verify", "--cache-dir", CacheDirectory);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains(": 1 entries; clean.", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cache")]
    [InlineData("cache clear")]
    [InlineData("cache verify")]
    public void CacheHelp_EachLevel_NamesTheCacheDirOptionAndWhatItDoes(string command)
    {
        var (code, output, _) = _cli.Run([.. command.Split(' '), "--help"]);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("--cache-dir", output, StringComparison.Ordinal);
        Assert.Contains("RUNNER_HARNESS_MODEL_CACHE_DIR", output, StringComparison.Ordinal);
        Assert.Contains(command == "cache" ? "clear" : command == "cache clear" ? "--older-than" : "7 when damaged", output, StringComparison.Ordinal);
    }

    /// <summary>Stores an answer of <paramref name="model"/> for a sample, as a model call does, and returns its file.</summary>
    private string Write(string model, int sampleIndex, DateTimeOffset cachedAt)
    {
        var definition = Models.Resolve(model);
        var provider = Models.Providers[definition.Provider];
        var sample = new MatrixSample
        {
            Model = model,
            Provider = definition.Provider,
            PromptType = "optimal",
            Difficulty = "medium",
            TaskType = "data_pipeline",
            ToolSuccessRate = 0.8,
            SampleIndex = sampleIndex,
        };
        List<ChatMessage> messages = [new(ChatRole.User, "Load /data/orders.csv and report how many orders there are.")];
        var key = ResponseCache.KeyFor(provider, definition, messages, null, sample, 0);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, "There are 3 orders."))
        {
            ModelId = definition.ModelId,
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = 58, OutputTokenCount = 7, TotalTokenCount = 65 },
        };
        new ResponseCache(CacheDirectory, ResponseCacheMode.ReadWrite).Write(key, response, provider.Name, definition, sample, cachedAt);
        return ResponseCache.PathOf(CacheDirectory, key);
    }
}
