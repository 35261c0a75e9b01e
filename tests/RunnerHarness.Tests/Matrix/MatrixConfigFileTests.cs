using RunnerHarness.Matrix;

namespace RunnerHarness.Tests.Matrix;

public sealed class MatrixConfigFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Load_DocumentedExample_ReadsEveryKey()
    {
        var path = Write("""
            {
              // Comments and trailing commas are allowed.
              "models": ["gpt-4o-mini", "gpt-5-mini"],
              "providers": { "gpt-4o-mini": "openai", "gpt-5-mini": "azure" },
              "prompt_types": ["baseline", "optimal"],
              "difficulties": ["easy", "hard"],
              "task_types": ["simple_task"],
              "tool_success_rates": [0.6, 0.8],
              "flaw_types": ["none"],
              "axes": { "temperature": [0, "0.7"] },
              "samples": 3,
              "exclude": [ { "model": "gpt-5-mini", "difficulty": "hard" }, { "tool_success_rate": 0.6, "temperature": "0.7" }, ],
            }
            """);

        var matrix = MatrixDefinition.Load(path);
        var expansion = matrix.Expand();

        Assert.Equal(path, matrix.Source);
        Assert.Equal(["gpt-4o-mini", "gpt-5-mini"], matrix.Models);
        Assert.Equal("azure", matrix.Providers["gpt-5-mini"]);
        Assert.Equal([0.6, 0.8], matrix.ToolSuccessRates);
        Assert.Equal(["0", "0.7"], Assert.Single(matrix.CustomAxes).Values);
        Assert.Equal(3, matrix.SamplesPerCell);
        Assert.Equal(2, matrix.Exclusions.Count);

        // 2 models x 2 prompts x 2 difficulties x 2 rates x 2 temperatures = 32; minus gpt-5-mini/hard (8),
        // minus rate 0.6 with temperature 0.7 outside those (6) = 18 cells.
        Assert.Equal(18, expansion.CellCount);
        Assert.Equal(54, expansion.Rows.Count);
        Assert.Equal("gpt-4o-mini | openai | baseline | easy | simple_task | 0.6 | none | 0 | #0", expansion.Rows[0].ToString());
    }

    [Theory]
    [InlineData("""{ "model": ["a"] }""", "$.model is not a known key; the known keys are models, providers")]
    [InlineData("""{ "models": [] }""", "$.models has no values")]
    [InlineData("""{ "models": "a" }""", "$.models must be an array of strings, not the string \"a\"")]
    [InlineData("""{ "models": ["a", null] }""", "$.models[1] must be a non-blank string, not null")]
    [InlineData("""{ "models": ["a"], "samples": 0 }""", "$.samples must be 1 or more, not 0")]
    [InlineData("""{ "models": ["a"], "samples": 1.5 }""", "$.samples must be a whole number of 1 or more")]
    [InlineData("""{ "tool_success_rates": ["0.8"] }""", "$.tool_success_rates[0] must be a number")]
    [InlineData("""{ "models": ["a"], "exclude": [ {} ] }""", "$.exclude[0] is empty")]
    [InlineData("""{ "models": ["a"], "models": ["b"] }""", "$.models appears twice")]
    [InlineData("""[ "a" ]""", "$ must be an object")]
    [InlineData("""{ "models": ["a"], "providers": { "a": 4 } }""", "$.providers.a must be a string")]
    public void Parse_BadConfig_FailsNamingSourceAndJsonPath(string json, string expected)
    {
        var error = Assert.Throws<MatrixDefinitionException>(() => MatrixDefinition.Parse(json, "matrix.json"));

        Assert.Contains("matrix.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidMatrix_FailsWithTheMatrixRuleAndTheSource()
    {
        var error = Assert.Throws<MatrixDefinitionException>(() => MatrixDefinition.Parse("""{ "models": ["a", "a"] }""", "bench/matrix.json"));

        Assert.Contains("bench/matrix.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("'a' more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotJson_FailsSayingSo()
    {
        var error = Assert.Throws<MatrixDefinitionException>(() => MatrixDefinition.Parse("{ models: ", "matrix.json"));

        Assert.Contains("matrix.json is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_FailsNamingThePath()
    {
        var path = Path.Combine(_directory.Path, "absent.json");

        var error = Assert.Throws<MatrixDefinitionException>(() => MatrixDefinition.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_directory.Path, "matrix.json");
        File.WriteAllText(path, json);
        return path;
    }
}
