using RunnerHarness.Interop;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Interop;

public sealed class JsonLinesImporterTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Import_LinesWithoutIds_TwiceAddsThemOnceAndKeepsIdenticalLinesApart()
    {
        var input = Path.Combine(_directory.Path, "other-tool.jsonl");
        File.WriteAllLines(input,
        [
            """{"model":"gpt-4o-mini","outcome":"passed","success_level":"full_success"}""",
            """{"model":"gpt-4o-mini","outcome":"passed","success_level":"full_success"}""",
            """{"model":"grok-3","outcome":"failed","error_category":"timeout","metrics":{"cost":0.25}}""",
            "",
        ]);
        var layout = new StoreLayout(Path.Combine(_directory.Path, "store"));

        var first = new JsonLinesImporter(layout).Import(input, "import-1", StorageFormat.Json);
        new JsonLinesImporter(layout).Import(input, "import-2", StorageFormat.Json);

        Assert.Equal(3, first.Records);
        var records = new StoreReader(layout).Read().ToList();
        Assert.Equal(3, records.Count);
        Assert.Equal(0.25, records.Single(r => r.Model == "grok-3").Metrics!["cost"]);
        Assert.Equal(TestOutcome.Failed, records.Single(r => r.Model == "grok-3").Outcome);
    }

    [Fact]
    public void Import_LineThatIsNotARecord_IsReportedWithItsNumberAndSkipped()
    {
        var input = Path.Combine(_directory.Path, "broken.jsonl");
        File.WriteAllLines(input, ["""{"model":"a"}""", """{"model": }""", """{"outcome":"exploded"}"""]);

        var result = new JsonLinesImporter(new StoreLayout(Path.Combine(_directory.Path, "store"))).Import(input, "import-1", StorageFormat.Json);

        Assert.Equal(1, result.Records);
        Assert.Collection(result.Problems,
            p => Assert.Contains("line 2", p.Message, StringComparison.Ordinal),
            p => Assert.Contains("line 3", p.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Import_MissingFile_NamesIt()
    {
        var missing = Path.Combine(_directory.Path, "missing.jsonl");

        var error = Assert.Throws<FileNotFoundException>(() => new JsonLinesImporter(new StoreLayout(_directory.Path)).Import(missing, "r", StorageFormat.Json));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}
