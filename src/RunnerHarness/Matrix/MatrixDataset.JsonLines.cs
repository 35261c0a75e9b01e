using System.Globalization;
using System.Text.Json;

namespace RunnerHarness.Matrix;

/// <summary>Reading a dataset from JSON Lines.</summary>
public sealed partial class MatrixDataset
{
    private static List<DatasetItem> ReadJsonLines(string text, string source)
    {
        var items = new List<DatasetItem>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = lineNumber == 1 ? rawLine.TrimStart('\uFEFF') : rawLine;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                items.Add(DatasetItem.FromJson(document.RootElement, source, lineNumber));
            }
            catch (JsonException ex)
            {
                // JsonException's own position counts from the line, so only its first sentence is worth repeating.
                throw Error(source, string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}: not valid JSON ({FirstSentence(ex.Message)} at byte {ex.BytePositionInLine ?? 0} of the line); each line holds one JSON object"));
            }
            catch (FormatException ex)
            {
                throw Error(source, string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}: {ex.Message}"));
            }
        }

        return items;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
