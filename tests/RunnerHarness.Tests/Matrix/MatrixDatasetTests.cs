using RunnerHarness.Aggregation;
using RunnerHarness.Matrix;
using RunnerHarness.Planning;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Matrix;

/// <summary>
/// Dataset files: both formats read into the same items, each problem fails naming the file, the line and what is wrong,
/// the item's hash is its canonical content, and a matrix with a dataset crosses every item with the other axes.
/// </summary>
public sealed class MatrixDatasetTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Load_JsonLinesAndCsvOfTheSameItems_GiveTheSameIdsFieldsAndHashes()
    {
        var jsonl = Write("questions.jsonl", """
            {"id": "geo-capital-australia", "question": "What is the capital city of Australia?", "answer": "Canberra"}

            {"id": "math-percent", "question": "What is 15% of 640?", "answer": "96"}
            """);
        var csv = Write("questions.csv", "id,question,answer\r\ngeo-capital-australia,What is the capital city of Australia?,Canberra\r\nmath-percent,What is 15% of 640?,96\r\n");

        var fromJson = MatrixDataset.Load(jsonl);
        var fromCsv = MatrixDataset.Load(csv);

        Assert.Equal(["geo-capital-australia", "math-percent"], fromJson.Items.Select(i => i.Id));
        Assert.Equal(fromJson.Items.Select(i => i.Hash), fromCsv.Items.Select(i => i.Hash));
        Assert.Equal([1, 3], fromJson.Items.Select(i => i.Line));
        Assert.Equal([2, 3], fromCsv.Items.Select(i => i.Line));
        Assert.Equal("Canberra", fromCsv.Items[0].Text("answer"));
        Assert.Equal(96, fromCsv.Items[1].Number("answer"));
    }

    [Fact]
    public void Csv_QuotedFieldsWithCommasQuotesAndLineBreaks_AreReadAsWritten()
    {
        var csv = Write("items.csv", "id,question,answer\n\"q,1\",\"Say \"\"hi\"\"\nthen stop\",hi\nq2,plain,\"\"\n");

        var items = MatrixDataset.Load(csv).Items;

        Assert.Equal("q,1", items[0].Id);
        Assert.Equal("Say \"hi\"\nthen stop", items[0].Text("question"));
        Assert.Equal(4, items[1].Line);
        Assert.Equal("", items[1].Text("answer"));
    }

    [Fact]
    public void Hash_KeyOrderAndSpacing_DoNotChangeIt_AValueDoes()
    {
        var a = Item("""{"id": "q1", "question": "What is 2 + 2?", "answer": "4"}""");
        var reordered = Item("""{ "answer":"4","question":"What is 2 + 2?","id":"q1" }""");
        var edited = Item("""{"id": "q1", "question": "What is 2 + 3?", "answer": "5"}""");

        Assert.Equal(a.Hash, reordered.Hash);
        Assert.NotEqual(a.Hash, edited.Hash);
        Assert.Equal(DatasetItem.HashLength, a.Hash.Length);
        Assert.Equal("""{"answer":"4","id":"q1","question":"What is 2 + 2?"}""", a.CanonicalJson);
    }

    [Theory]
    [InlineData("{\"id\": \"q1\", \"answer\": 4}\n{\"question\": \"no id\"}\n", "line 2: the item has no \"id\"")]
    [InlineData("{\"id\": \"q1\"}\n{\"id\": \"  \"}\n", "line 2: the item's \"id\" is the string \"  \"")]
    [InlineData("{\"id\": \"q1\"}\n{\"id\": 1.5}\n", "line 2: the item's \"id\" is the number 1.5")]
    [InlineData("{\"id\": \"q1\"}\n\n{\"id\": \"q1\", \"answer\": 2}\n", "line 3: the id 'q1' is already the id of the item on line 1")]
    [InlineData("{\"id\": \"Q1\"}\n{\"id\": \"q1\"}\n", "line 2: the id 'q1' is already the id of the item on line 1 ('Q1' differs only in case")]
    [InlineData("{\"id\": \"q1\"}\n{\"id\": \"q2\", \"answer\": }\n", "line 2: not valid JSON")]
    [InlineData("{\"id\": \"q1\"}\n[\"q2\"]\n", "line 2: the item is an array, not a JSON object")]
    [InlineData("\n\n", "it has no items")]
    public void JsonLines_BadItem_FailsNamingTheFileLineAndProblem(string text, string problem)
    {
        var path = Write("bad.jsonl", text);

        var error = Assert.Throws<MatrixDefinitionException>(() => MatrixDataset.Load(path));

        Assert.StartsWith($"RunnerHarness: the dataset {path} is invalid: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("question,answer\nWhat?,4\n", "line 1: the header (question,answer) has no \"id\" column")]
    [InlineData("id,answer\nq1,4\nq2,5,6\n", "line 3: the row has 3 fields and the header 2")]
    [InlineData("id,answer\nq1,4\nq1,5\n", "line 3: the id 'q1' is already the id of the item on line 2")]
    [InlineData("id,answer\nq1,4\n,5\n", "line 3: the item's \"id\" is the string \"\"")]
    [InlineData("id,answer\nq1,\"four\n", "line 2: a double quote opens a field that never closes")]
    [InlineData("id,answer\nq1,fo\"ur\n", "line 2: a double quote inside an unquoted field")]
    [InlineData("id,answer\nq1,\"four\"x\n", "line 2: text after a closing double quote")]
    [InlineData("id,id\nq1,q2\n", "line 1: the header names the column 'id' twice")]
    [InlineData("", "it is empty")]
    public void Csv_BadRow_FailsNamingTheFileLineAndProblem(string text, string problem)
    {
        var path = Write("bad.csv", text);

        var error = Assert.Throws<MatrixDefinitionException>(() => MatrixDataset.Load(path));

        Assert.StartsWith($"RunnerHarness: the dataset {path} is invalid: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AnotherExtensionOrAMissingFile_FailsNamingIt()
    {
        var txt = Write("questions.txt", "{\"id\": \"q1\"}\n");
        var missing = Path.Combine(_directory.Path, "missing.jsonl");

        Assert.Contains(".jsonl or .ndjson (JSON Lines), .csv", Assert.Throws<MatrixDefinitionException>(() => MatrixDataset.Load(txt)).Message, StringComparison.Ordinal);
        Assert.Contains($"the dataset {missing} cannot be read", Assert.Throws<MatrixDefinitionException>(() => MatrixDataset.Load(missing)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_OfAMissingField_NamesTheItemItsLineAndItsFields()
    {
        var item = MatrixDataset.Load(Write("questions.jsonl", "{\"id\": \"q1\", \"question\": \"What is 2 + 2?\"}\n")).Items[0];

        var error = Assert.Throws<KeyNotFoundException>(() => item.Text("answer"));

        Assert.Contains("The dataset item 'q1' (", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 1) has no field 'answer'; its fields are id, question.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatrixFile_WithADataset_CrossesEveryItemWithTheModels_ItemAndHashInTheCaseKey()
    {
        Write("questions.jsonl", """
            {"id": "geo-capital-canada", "question": "What is the capital city of Canada?", "answer": "Ottawa"}
            {"id": "units-feet-in-mile", "question": "How many feet are in one mile?", "answer": "5280"}
            {"id": "fact-planet-red", "question": "Which planet is known as the Red Planet?", "answer": "Mars"}
            """);
        var matrix = MatrixDefinition.Load(Write("qa-matrix.json", """{ "models": ["sim-small", "sim-large"], "dataset": "questions.jsonl" }"""));

        var rows = matrix.Expand().Rows;

        Assert.Equal(6, rows.Count);
        Assert.Equal(
            ["sim-small/geo-capital-canada", "sim-small/units-feet-in-mile", "sim-small/fact-planet-red", "sim-large/geo-capital-canada", "sim-large/units-feet-in-mile", "sim-large/fact-planet-red"],
            rows.Select(r => $"{r.Model}/{r.Item}"));
        Assert.All(rows, r => Assert.Equal(r.DatasetItem!.Hash, r.ItemHash));
        Assert.Equal("Ottawa", rows[0].DatasetItem!.Text("answer"));
        Assert.Equal(
            $"Qa.Tests#QaBench.QaBatchTests.Answer|model=sim-small|item=geo-capital-canada|item_hash={rows[0].ItemHash}|#0",
            CaseKey.For("Qa.Tests", "QaBench.QaBatchTests", "Answer", rows[0]));
    }

    [Fact]
    public void MatrixFile_DatasetThatIsNotAString_FailsAtItsJsonPath()
    {
        var error = Assert.Throws<MatrixDefinitionException>(() => MatrixDefinition.Load(Write("m.json", """{ "models": ["sim-small"], "dataset": ["q.jsonl"] }""")));

        Assert.Contains("$.dataset must be the path of a dataset file (.jsonl, .ndjson or .csv), relative to the matrix file, not an array", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exclusion_NamingAnItem_LeavesThatItemsCellsOut()
    {
        var dataset = MatrixDataset.Parse("{\"id\": \"q1\"}\n{\"id\": \"q2\"}\n", "inline.jsonl", DatasetFormat.JsonLines);
        var matrix = new MatrixDefinition
        {
            Models = ["sim-small", "sim-large"],
            Dataset = dataset,
            Exclusions = [MatrixExclusion.Of([new("model", "sim-small"), new("item", "q2")])],
        };

        Assert.Equal(["sim-small/q1", "sim-large/q1", "sim-large/q2"], matrix.Expand().Rows.Select(r => $"{r.Model}/{r.Item}"));
    }

    [Fact]
    public void TopUp_AfterAnItemChangedUnderItsId_RunsItsRowsAgainAndNamesIt()
    {
        var store = Path.Combine(_directory.Path, "store");
        var before = new MatrixDefinition
        {
            Models = ["sim-small", "sim-large"],
            Dataset = MatrixDataset.Parse("{\"id\": \"q1\", \"answer\": \"4\"}\n{\"id\": \"q2\", \"answer\": \"9\"}\n", "v1.jsonl", DatasetFormat.JsonLines),
        };
        var settings = new HarnessOptions().AddEnvironment(n => n == "RUNNER_HARNESS_STORE" ? store : null).Build(_directory.Path);
        using (var writer = RecordWriter.Open(new StoreLayout(store), SampleHoldings.Rule, StorageFormat.Json, "run-1"))
        {
            foreach (var row in BatchRowPlan.Create(before, settings, "Qa.Tests", "QaBench.QaBatchTests", "Answer").PlannedRowsToRun)
            {
                var record = new ResultRecordBuilder { CaseKey = row.CaseKey, Assembly = "Qa.Tests", TestClass = "QaBench.QaBatchTests", TestMethod = "Answer", Outcome = TestOutcome.Passed };
                row.Sample.ApplyTo(record);
                writer.Append(record.Build());
            }

            writer.Complete();
        }

        var after = before with { Dataset = MatrixDataset.Parse("{\"id\": \"q1\", \"answer\": \"4\"}\n{\"id\": \"q2\", \"answer\": \"8\"}\n", "v2.jsonl", DatasetFormat.JsonLines) };
        var plan = BatchRowPlan.Create(after, settings, "Qa.Tests", "QaBench.QaBatchTests", "Answer");

        Assert.Equal(["sim-small/q2", "sim-large/q2"], plan.RowsToRun.Select(r => $"{r.Model}/{r.Item}"));
        var changed = Assert.Single(plan.TopUp.ChangedItems);
        Assert.Equal(("q2", after.Dataset!.Find("q2")!.Hash, before.Dataset!.Find("q2")!.Hash, 2), (changed.Item, changed.CurrentHash, Assert.Single(changed.StoredHashes), changed.StoredSamples));
        Assert.Contains("1 dataset item(s) changed under the same id since they were answered: item 'q2' changed", plan.Describe()[0], StringComparison.Ordinal);
    }

    private static DatasetItem Item(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return DatasetItem.FromJson(document.RootElement, "test", 0);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory.Path, name);
        File.WriteAllText(path, text);
        return path;
    }
}
