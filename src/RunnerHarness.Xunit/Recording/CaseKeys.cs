using System.Buffers;
using System.Globalization;
using System.Text;
using RunnerHarness.Schema;

namespace RunnerHarness.Xunit.Recording;

/// <summary>
/// Builds <c>case_key</c>: the test class and method, the matrix cell's values and the sample index, from
/// data only (never the display name, which changes with display options and argument formatting), e.g.
/// <c>Bench.Workflow.Run(model=gpt-4o;prompt_type=optimal;difficulty=easy;task_type=simple_task)#3</c>.
/// </summary>
internal static class CaseKeys
{
    private static readonly SearchValues<char> Structural = SearchValues.Create("=;()#%");

    private static readonly string[] CellColumns =
    [
        RecordColumns.Model, RecordColumns.Provider, RecordColumns.PromptType, RecordColumns.Difficulty,
        RecordColumns.TaskType, RecordColumns.ToolSuccessRate, RecordColumns.FlawType,
    ];

    /// <summary>The key of <paramref name="record"/>, whose class, method and argument columns and dimensions are set (and nothing from the test's context).</summary>
    public static string For(ResultRecord record)
    {
        var key = new StringBuilder().Append(record.TestClass).Append('.').Append(record.TestMethod);
        var values = CellColumns
            .Select(c => (Name: c, Value: RecordDimensions.ValueOf(record, c)))
            .Concat((record.Dimensions ?? []).OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => (Name: d.Key, Value: (string?)d.Value)))
            .Where(p => p.Value is not null)
            .Select(p => $"{Escape(p.Name)}={Escape(p.Value!)}")
            .ToList();
        if (values.Count > 0)
        {
            key.Append('(').AppendJoin(';', values).Append(')');
        }

        if (record.SampleIndex is { } sample)
        {
            key.Append(CultureInfo.InvariantCulture, $"#{sample}");
        }

        return key.ToString();
    }

    // '=', ';', '(', ')' and '#' structure the key; escaping them keeps two different cells from colliding.
    private static string Escape(string text) =>
        text.AsSpan().IndexOfAny(Structural) < 0 ? text : Uri.EscapeDataString(text);
}
