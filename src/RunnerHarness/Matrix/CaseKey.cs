using System.Buffers;
using System.Globalization;
using System.Text;
using RunnerHarness.Schema;

namespace RunnerHarness.Matrix;

/// <summary>
/// The stable identity of one sample of one matrix cell in one batch, stored as <c>case_key</c>:
/// derived from data only (batch = test assembly, test class and method; the cell's values; the sample index),
/// never from display names, so it is the same in every run, process and machine, and the same batch copied
/// into a second assembly is a second batch.
/// </summary>
/// <remarks>
/// Keys are <c>Assembly#Namespace.Class.Method|name=value|...|#sample</c>. Keys written before the assembly was
/// part of them (<c>Namespace.Class.Method|...</c>) are read as the key of the record's own <c>assembly</c> column
/// (<see cref="Aggregation.SampleHoldings.SampleOf"/>), so samples held before the change stay held for the
/// assembly that ran them and for no other. A raw '#' before the first '|' marks the assembly: class and
/// method names have '#' escaped, so no key of the older form has one there.
/// </remarks>
internal static class CaseKey
{
    private static readonly SearchValues<char> Reserved = SearchValues.Create("%|=#");

    /// <summary>
    /// The key of <paramref name="modelCase"/> in the batch <paramref name="testClass"/>.<paramref name="testMethod"/> of
    /// <paramref name="assembly"/>, e.g. <c>WorkflowBench.Tests#WorkflowBench.Batch.Run|model=gpt-4o-mini|prompt_type=optimal|...|#3</c>.
    /// Values are escaped so keys never collide.
    /// </summary>
    public static string For(string? assembly, string testClass, string testMethod, MatrixSample modelCase)
    {
        ArgumentNullException.ThrowIfNull(modelCase);
        return Of(assembly, testClass, testMethod, modelCase.CellValues(), modelCase.SampleIndex);
    }

    /// <summary>
    /// The key of the sample <paramref name="record"/> was made from, by its test class and method, cell
    /// columns, custom dimensions and sample index: equal to <see cref="For"/> of the same sample, so the
    /// recorder and top-up agree.
    /// </summary>
    /// <remarks>
    /// The recorder computes this once a result, so it reads the record's axes straight into the key: no
    /// <see cref="MatrixSample"/>, no iterator, and no sorted copy of the dimensions unless a record has two or more.
    /// The parts and their order are those of <see cref="MatrixSample.CellValues"/> (cell axes, then custom axes by
    /// ordinal name), and <c>CaseKeyForRecordTests</c> compares the two over varied records.
    /// </remarks>
    public static string ForRecord(IRecordAxisValues record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = new StringBuilder(128);
        AppendBatch(key, record.Assembly, record.TestClass ?? string.Empty, record.TestMethod ?? string.Empty);
        foreach (var axis in RecordAxes.CellAxes)
        {
            if (axis.ValueText(axis.ValueOf(record)) is { } text)
            {
                AppendValue(key, axis.Column, text);
            }
        }

        if (record.Dimensions is { Count: > 0 } dimensions)
        {
            AppendDimensions(key, dimensions);
        }

        return record.SampleIndex is { } sample ? key.Append(CultureInfo.InvariantCulture, $"|#{sample}").ToString() : key.ToString();
    }

    /// <summary>
    /// The item <paramref name="record"/> answered, as <c>compare</c> pairs it: the record's key without its sample
    /// part and without the cell values named in <paramref name="comparedAxes"/> (the axis the two sides differ in),
    /// so the same item answered by two models, or in two runs, has one item key.
    /// </summary>
    public static string ItemOf(IRecordAxisValues record, IReadOnlySet<string> comparedAxes)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(comparedAxes);
        var cellValues = MatrixSample.FromRecord(record).CellValues().Where(v => !comparedAxes.Contains(v.Key));
        return Of(record.Assembly, record.TestClass ?? string.Empty, record.TestMethod ?? string.Empty, cellValues, null);
    }

    /// <summary>
    /// The key of a sample given by its named cell values, in the order given; without a sample part when
    /// <paramref name="sampleIndex"/> is null (a fact), and without an assembly part when <paramref name="assembly"/> is
    /// null or empty (a record that does not say which assembly it came from: an import).
    /// </summary>
    public static string Of(string? assembly, string testClass, string testMethod, IEnumerable<KeyValuePair<string, string>> cellValues, int? sampleIndex)
    {
        ArgumentNullException.ThrowIfNull(cellValues);
        var key = new StringBuilder(128);
        AppendBatch(key, assembly, testClass, testMethod);
        foreach (var (name, value) in cellValues)
        {
            AppendValue(key, name, value);
        }

        return sampleIndex is { } sample ? key.Append(CultureInfo.InvariantCulture, $"|#{sample}").ToString() : key.ToString();
    }

    /// <summary>The case key of sample <paramref name="sampleIndex"/> of the cell whose key is <paramref name="cellKey"/> (<see cref="ForCell"/>).</summary>
    public static string OfSample(string cellKey, int sampleIndex) =>
        string.Concat(cellKey, "|#", sampleIndex.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// The key of the cell <paramref name="sample"/> belongs to (its sample index ignored): the <c>case_key</c> of its
    /// samples without the sample part, equal to <see cref="CellOf"/> of any of them.
    /// </summary>
    public static string ForCell(string? assembly, string testClass, string testMethod, MatrixSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return Of(assembly, testClass, testMethod, sample.CellValues(), null);
    }

    /// <summary>Whether <paramref name="caseKey"/> names its assembly: a raw '#' before its first '|' (see the remarks of <see cref="CaseKey"/>).</summary>
    public static bool HasAssembly(string caseKey)
    {
        ArgumentNullException.ThrowIfNull(caseKey);
        var bar = caseKey.IndexOf('|', StringComparison.Ordinal);
        return (bar < 0 ? caseKey.AsSpan() : caseKey.AsSpan(0, bar)).Contains('#');
    }

    /// <summary>
    /// <paramref name="caseKey"/> as the key of <paramref name="assembly"/>: a key written before keys named their
    /// assembly gets the assembly part it would have now; a key that names one, or a record without an assembly, is kept.
    /// </summary>
    public static string InAssembly(string caseKey, string? assembly)
    {
        ArgumentNullException.ThrowIfNull(caseKey);
        return string.IsNullOrEmpty(assembly) || HasAssembly(caseKey)
            ? caseKey
            : AppendEscaped(new StringBuilder(assembly.Length + 1 + caseKey.Length), assembly).Append('#').Append(caseKey).ToString();
    }

    /// <summary>The key without its sample part: the cell a sample belongs to.</summary>
    public static string CellOf(string caseKey)
    {
        ArgumentNullException.ThrowIfNull(caseKey);
        var hash = SamplePartStart(caseKey);
        return hash < 0 ? caseKey : caseKey[..hash];
    }

    /// <summary>
    /// The length of the cell key and the sample index of <paramref name="caseKey"/> when its sample part is the plain
    /// decimal <see cref="Of"/> writes (so joining them again gives back the same key); otherwise <see langword="null"/>.
    /// </summary>
    internal static (int CellLength, int Sample)? SplitSample(string caseKey)
    {
        ArgumentNullException.ThrowIfNull(caseKey);
        var hash = SamplePartStart(caseKey);
        if (hash < 0)
        {
            return null;
        }

        var digits = caseKey.AsSpan(hash + 2);
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var sample)
            || (digits.Length > 1 && digits[0] == '0'))
        {
            return null;
        }

        return (hash, sample);
    }

    /// <summary>
    /// <paramref name="key"/> (a case or cell key) without its <paramref name="column"/> part, and that part's value as
    /// written (escaped); the key unchanged and <see langword="null"/> when it has no such part. Names and values in keys
    /// have '|' and '=' escaped, so <c>|column=</c> can only begin that part.
    /// </summary>
    internal static (string Key, string? Value) Without(string key, string column)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(column);
        var marker = $"|{column}=";
        var start = key.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return (key, null);
        }

        var valueStart = start + marker.Length;
        var end = key.IndexOf('|', valueStart);
        end = end < 0 ? key.Length : end;
        return (string.Concat(key.AsSpan(0, start), key.AsSpan(end)), key[valueStart..end]);
    }

    // Where the sample part (|#n) begins, or -1: the one place a key is split into cell and sample. Names and values have
    // '#' escaped, so the last raw "|#" can only begin the sample part.
    private static int SamplePartStart(string caseKey) => caseKey.LastIndexOf("|#", StringComparison.Ordinal);

    private static void AppendBatch(StringBuilder key, string? assembly, string testClass, string testMethod)
    {
        if (!string.IsNullOrEmpty(assembly))
        {
            AppendEscaped(key, assembly).Append('#');
        }

        AppendEscaped(key, testClass).Append('.');
        AppendEscaped(key, testMethod);
    }

    private static void AppendValue(StringBuilder key, string name, string value)
    {
        AppendEscaped(key.Append('|'), name).Append('=');
        AppendEscaped(key, value);
    }

    // Custom axes by ordinal name, as MatrixSample orders them; a record has none or a few, so one needs no sort at all.
    private static void AppendDimensions(StringBuilder key, Dictionary<string, string> dimensions)
    {
        if (dimensions.Count == 1)
        {
            foreach (var (name, value) in dimensions)
            {
                AppendValue(key, name, value);
            }

            return;
        }

        var names = new string[dimensions.Count];
        dimensions.Keys.CopyTo(names, 0);
        Array.Sort(names, StringComparer.Ordinal);
        foreach (var name in names)
        {
            AppendValue(key, name, dimensions[name]);
        }
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
