namespace RunnerHarness.Schema;

/// <summary>
/// Declares a property of <see cref="ResultRecord"/> a stored column: the one declaration of that column. Its name
/// and JSON key are the property's <c>[JsonPropertyName]</c>, its type and nullability the property's, its doc text
/// the property's; this attribute adds the rest. <c>RunnerHarness.Schema.Generator</c> writes every other list of
/// columns from these declarations (<see cref="RecordColumns"/>, <see cref="RecordSchema.Columns"/>, the builder, the
/// formats' typed accessors).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
internal sealed class RecordColumnAttribute : Attribute
{
    /// <summary>The record format version (<see cref="ResultRecord.CurrentFormatVersion"/>) the column appeared in.</summary>
    public int Since { get; init; }

    /// <summary>
    /// Where the values come from when the column is one of the fixed axes of <see cref="RecordAxes"/>; unset (0) for a
    /// column that is not an axis. The generator writes the axis's entry in <see cref="RecordAxes"/>, its member of
    /// <see cref="IRecordAxisValues"/> and its members of every type marked <see cref="RecordAxisMembersAttribute"/> from this.
    /// </summary>
    public RecordAxisKind Axis { get; init; }

    /// <summary>An axis's values in messages, plural (e.g. <c>prompt types</c>); required with <see cref="Axis"/>.</summary>
    public string? AxisLabel { get; init; }

    /// <summary>
    /// Whether a matrix gives a <see cref="RecordAxisKind.Matrix"/> axis's value per model (a <c>model=value</c> map, as
    /// the provider) instead of listing values crossed with the other axes. A listed axis (a matrix axis without this)
    /// gets a list named after its <see cref="AxisLabel"/> in the core's <c>MatrixDefinition</c>, <c>[ModelMatrix]</c>
    /// and the matrix file (<c>prompt types</c>: <c>PromptTypes</c>, key <c>prompt_types</c>).
    /// </summary>
    public bool GivenPerModel { get; init; }

    /// <summary>
    /// Whether a run may filter a listed axis's values: the generator writes its member of
    /// the core's <c>MatrixFilter</c>, its setting (<c>RUNNER_HARNESS_&lt;LABEL&gt;</c>) and its CLI option.
    /// </summary>
    public bool Filterable { get; init; }

    /// <summary>
    /// The order a reader expects a text axis's values in, comma-separated from first to last (difficulty:
    /// <c>very_easy,easy,medium,hard,very_hard</c>): reports, comparisons and exports list the axis's values so, and any
    /// value not listed after them, ordinally. Unset, a text axis's values are ordered ordinally; a number axis's (a
    /// <c>double?</c> or <c>int?</c> property) are always ordered by value, so it takes no order.
    /// </summary>
    public string? ValueOrder { get; init; }

    /// <summary>
    /// The axis's position (from 1) in the default grouping of reports, exports and the master database
    /// (<c>CumulativeGrouping.Default</c>); unset (0) for an axis the default grouping leaves out.
    /// Two axes cannot share a position.
    /// </summary>
    public int DefaultGroupingPosition { get; init; }

    /// <summary>
    /// A Parquet encoding hint for a string column: stored PLAIN instead of dictionary-encoded, for a value unique per
    /// record or free text, where a dictionary only adds bytes.
    /// </summary>
    public bool PlainEncoding { get; init; }
}
