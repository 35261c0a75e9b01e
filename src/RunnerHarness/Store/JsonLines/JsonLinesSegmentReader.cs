using RunnerHarness.Schema;

namespace RunnerHarness.Store.JsonLines;

/// <summary>Streams the records of a sealed JSON Lines file; every column is parsed whatever the projection.</summary>
public sealed class JsonLinesSegmentReader : ISegmentReader
{
    /// <inheritdoc />
    public string Extension => StoreLayout.JsonLinesExtension;

    /// <inheritdoc />
    public IEnumerable<ResultRecord> Read(string path, RecordProjection projection, Action<StoreProblem> report) =>
        JsonLinesFileReader.Read(path, report, StoreProblemKind.BadLine);
}
