using System.Buffers;
using System.Globalization;
using System.Text;
using RunnerHarness.Schema;

namespace RunnerHarness.Matrix;

/// <summary>
/// The stable identity of one sample of one matrix cell in one batch, stored as <c>case_key</c>:
/// derived from data only (batch = test class and method; the cell's values; the sample index),
/// never from display names, so it is the same in every run, process and machine.
/// </summary>
public static class CaseKey
{
    private static readonly SearchValues<char> Reserved = SearchValues.Create("%|=#");

    /// <summary>
    /// The key of <paramref name="modelCase"/> in the batch <paramref name="testClass"/>.<paramref name="testMethod"/>,
    /// e.g. <c>WorkflowBench.Batch.Run|model=gpt-4o-mini|prompt_type=optimal|...|#3</c>. Values are escaped so keys never collide.
    /// </summary>
    public static string For(string testClass, string testMethod, MatrixSample modelCase)
    {
        ArgumentNullException.ThrowIfNull(modelCase);
        return Of(testClass, testMethod, modelCase.CellValues(), modelCase.SampleIndex);
    }

    /// <summary>
    /// The key of the sample <paramref name="record"/> was made from, by its test class and method, cell
    /// columns, custom dimensions and sample index: equal to <see cref="For"/> of the same sample, so the
    /// recorder and top-up agree.
    /// </summary>
    public static string ForRecord(IRecordAxisValues record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Of(record.TestClass ?? string.Empty, record.TestMethod ?? string.Empty, MatrixSample.FromRecord(record).CellValues(), record.SampleIndex);
    }

    /// <summary>The key of a sample given by its named cell values, in the order given; without a sample part when <paramref name="sampleIndex"/> is null (a fact).</summary>
    public static string Of(string testClass, string testMethod, IEnumerable<KeyValuePair<string, string>> cellValues, int? sampleIndex)
    {
        ArgumentNullException.ThrowIfNull(cellValues);
        var key = new StringBuilder(128);
        AppendEscaped(key, testClass).Append('.');
        AppendEscaped(key, testMethod);
        foreach (var (name, value) in cellValues)
        {
            AppendEscaped(key.Append('|'), name).Append('=');
            AppendEscaped(key, value);
        }

        return sampleIndex is { } sample ? key.Append(CultureInfo.InvariantCulture, $"|#{sample}").ToString() : key.ToString();
    }

    /// <summary>
    /// The key of the cell <paramref name="sample"/> belongs to (its sample index ignored): the <c>case_key</c> of its
    /// samples without the sample part, equal to <see cref="CellOf"/> of any of them.
    /// </summary>
    public static string ForCell(string testClass, string testMethod, MatrixSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return Of(testClass, testMethod, sample.CellValues(), null);
    }

    /// <summary>The key without its sample part: the cell a sample belongs to.</summary>
    public static string CellOf(string caseKey)
    {
        ArgumentNullException.ThrowIfNull(caseKey);
        var hash = caseKey.LastIndexOf("|#", StringComparison.Ordinal);
        return hash < 0 ? caseKey : caseKey[..hash];
    }

    // Planning builds a key per row of a batch, and values almost never hold a reserved character:
    // one vectorised scan, then a plain append.
    private static StringBuilder AppendEscaped(StringBuilder key, string text)
    {
        var rest = text.AsSpan();
        for (var at = rest.IndexOfAny(Reserved); at >= 0; at = rest.IndexOfAny(Reserved))
        {
            key.Append(rest[..at]).Append(rest[at] switch
            {
                '%' => "%25",
                '|' => "%7C",
                '=' => "%3D",
                _ => "%23",
            });
            rest = rest[(at + 1)..];
        }

        return key.Append(rest);
    }
}
