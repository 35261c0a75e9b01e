using RunnerHarness.Matrix;
using RunnerHarness.Schema;
using RunnerHarness.Store.Summaries;

namespace RunnerHarness.Aggregation;

/// <summary>
/// The one definition of "the store holds a sample", used by top-up, <c>progress</c> and its gate. A sample is
/// identified by its <c>case_key</c> (batch, cell values, sample index; see <see cref="CaseKey"/>) and belongs to the
/// cell <see cref="CaseKey.CellOf"/> names. A record holds its sample when it is a model result by
/// <see cref="ResultClassifier"/>: skipped tests and infrastructure failures do not, so a top-up runs them again.
/// A sample recorded twice (a retry that wrote a second record, two runs) is held once.
/// A sample is held only by a result of the same <c>model_id</c> (<see cref="SameModel"/>): pointing a model name at a new
/// snapshot runs its samples again instead of merging two models' answers into one cell.
/// </summary>
internal static class SampleHoldings
{
    /// <summary>
    /// This rule as the store's summaries take it (<see cref="IHoldingsRule"/>): every writer, compactor, verifier and
    /// summary reader of a harness store is given this one, so summaries written and summaries computed agree.
    /// </summary>
    public static IHoldingsRule Rule { get; } = new SampleHoldingsRule();

    /// <summary>The record columns <see cref="Holds"/>, <see cref="SampleOf"/> and <see cref="CellOf"/> read.</summary>
    public static IReadOnlyList<string> Columns { get; } = [RecordColumns.CaseKey, RecordColumns.Assembly, RecordColumns.ModelId, .. ResultClassifier.Columns];

    /// <summary>Whether <paramref name="record"/> holds its sample: a model result (full success, partial success or failure).</summary>
    public static bool Holds(ResultRecord record) => ResultClassifier.IsModelResult(ResultClassifier.Classify(record));

    /// <summary>
    /// Whether a result whose <c>model_id</c> is <paramref name="heldModelId"/> holds a sample planned for
    /// <paramref name="plannedModelId"/>: when the two are equal (ordinal), or when either is unknown. A record without a
    /// <c>model_id</c> (record format 1, or a test that called no model) holds its sample for every model, so upgrading a
    /// store does not rerun it; a row planned without a <c>model_id</c> (no models file names its model) is held by any result.
    /// </summary>
    public static bool SameModel(string? heldModelId, string? plannedModelId) =>
        heldModelId is null || plannedModelId is null || string.Equals(heldModelId, plannedModelId, StringComparison.Ordinal);

    /// <summary>
    /// The sample <paramref name="record"/> is of: its <c>case_key</c> in its <c>assembly</c> (<see cref="CaseKey.InAssembly"/>:
    /// a key written before keys named their assembly counts for the assembly that wrote it, and for no other), or
    /// <see langword="null"/> for a record without one (an import).
    /// </summary>
    public static string? SampleOf(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.CaseKey is { } key ? CaseKey.InAssembly(key, record.Assembly) : null;
    }

    /// <summary>The cell of <paramref name="record"/>'s sample: its <c>case_key</c> without the sample part; <see langword="null"/> without a <c>case_key</c>.</summary>
    public static string? CellOf(ResultRecord record) => SampleOf(record) is { } key ? CaseKey.CellOf(key) : null;
}
