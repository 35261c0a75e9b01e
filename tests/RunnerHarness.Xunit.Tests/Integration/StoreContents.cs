using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>What a fixture run left in its store.</summary>
public static class StoreContents
{
    /// <summary>Every sealed record (and, with <paramref name="includeLiveLogs"/>, those still in write-ahead logs).</summary>
    public static IReadOnlyList<ResultRecord> Read(string store, bool includeLiveLogs = false) =>
        new StoreReader(new StoreLayout(store)).Read(new RecordQuery { IncludeLiveLogs = includeLiveLogs }).ToList();

    /// <summary>The extensions of the files under data/.</summary>
    public static IReadOnlyList<string> DataExtensions(string store) =>
        new StoreLayout(store).DataFiles().Select(Path.GetExtension).Distinct().Select(e => e!).ToList();

    /// <summary>The extension a format's sealed files have.</summary>
    public static string ExtensionOf(string format) => format.ToLowerInvariant() switch
    {
        "json" => StoreLayout.JsonLinesExtension,
        "parquet" => StoreLayout.ParquetExtension,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a format."),
    };
}
