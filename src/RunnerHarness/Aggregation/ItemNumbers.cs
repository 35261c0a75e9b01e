using RunnerHarness.Matrix;
using RunnerHarness.Schema;

namespace RunnerHarness.Aggregation;

/// <summary>
/// Numbers the items of records, one number per distinct item key (<see cref="CaseKey.ItemOf"/> with no compared axes),
/// without building a record's key when a record of the same parts (assembly, test class, test method and cell axis
/// values, <see cref="RecordParts"/>) came before: the key is built once per distinct combination of parts, so records with equal keys get equal numbers and records with different keys
/// different ones, as if keyed by the string. A record with custom dimensions (a map per record, rare) is keyed by its
/// string directly. Memory grows with the distinct items, not with the records.
/// </summary>
internal sealed class ItemNumbers
{
    private static readonly IReadOnlySet<string> NoComparedAxes = new HashSet<string>(StringComparer.Ordinal);

    private readonly Dictionary<RecordParts, int> _byParts = [];
    private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);
    private readonly RecordParts _scratch = new([r => r.Assembly, r => r.TestClass, r => r.TestMethod], RecordAxes.CellAxes);

    /// <summary>How many distinct items were numbered so far.</summary>
    public int Count => _byKey.Count;

    /// <summary>The number of <paramref name="record"/>'s item, from 0 in order of first appearance.</summary>
    public int Of(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Dimensions is { Count: > 0 })
        {
            return OfKey(CaseKey.ItemOf(record, NoComparedAxes));
        }

        _scratch.Fill(record);
        if (_byParts.TryGetValue(_scratch, out var number))
        {
            return number;
        }

        number = OfKey(CaseKey.ItemOf(record, NoComparedAxes));
        _byParts.Add(_scratch.Copy(), number);
        return number;
    }

    private int OfKey(string key)
    {
        if (!_byKey.TryGetValue(key, out var number))
        {
            number = _byKey.Count;
            _byKey.Add(key, number);
        }

        return number;
    }
}
