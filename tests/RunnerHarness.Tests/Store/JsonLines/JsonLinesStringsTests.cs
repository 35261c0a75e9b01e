using System.Text;
using System.Text.Json;
using RunnerHarness.Store.JsonLines;

namespace RunnerHarness.Tests.Store.JsonLines;

public sealed class JsonLinesStringsTests
{
    [Fact]
    public void Get_ValuesMetBefore_ReturnsTheSameInstanceAndEveryValueAsGetStringReadsIt()
    {
        var strings = new JsonLinesStrings(2);

        // More distinct models than a column keeps, cycled, beside a column whose value repeats on every line.
        string[] models = [.. Enumerable.Range(0, JsonLinesStrings.PerColumn + 5).Select(i => $"gpt-4o-mini-ft-{i:D2}")];
        for (var round = 0; round < 3; round++)
        {
            foreach (var model in models)
            {
                Assert.Equal(model, Read(strings, 0, $"\"{model}\""));
                Assert.Equal("run-20261207-0001", Read(strings, 1, "\"run-20261207-0001\""));
            }
        }

        Assert.Same(Read(strings, 1, "\"run-20261207-0001\""), Read(strings, 1, "\"run-20261207-0001\""));
        Assert.Same(Read(strings, 0, "\"claude-haiku-4\""), Read(strings, 0, "\"claude-haiku-4\""));
        Assert.Equal("é🚀 cot", Read(strings, 0, "\"\\u00e9\\ud83d\\ude80 cot\""));
        Assert.Equal("Ωmega-ü", Read(strings, 0, "\"Ωmega-ü\""));
    }

    [Fact]
    public void Get_BytesThatAreNotUtf8_ThrowAsGetStringThrows()
    {
        var strings = new JsonLinesStrings(1);
        byte[] json = [(byte)'"', (byte)'a', 0xC3, 0x28, (byte)'"'];

        Assert.Throws<InvalidOperationException>(() =>
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            return strings.Get(0, ref reader);
        });
    }

    private static string Read(JsonLinesStrings strings, int column, string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        Assert.True(reader.Read());
        return strings.Get(column, ref reader);
    }
}
