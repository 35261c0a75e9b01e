namespace RunnerHarness.Schema;

/// <summary>The members <c>RunnerHarness.Schema.Generator</c> writes into a type marked <see cref="RecordAxisMembersAttribute"/>.</summary>
public enum RecordAxisMemberShape
{
    /// <summary>
    /// One property per axis, of the record's type (the sample index as a plain <see cref="int"/>, unset reading 0), read
    /// through the marked type's <c>object? ValueOf(RecordAxis)</c> and set at initialisation through its
    /// <c>void Assign(RecordAxis, object?)</c>: the shape of the core's <c>MatrixSample</c>.
    /// </summary>
    SampleValues = 1,

    /// <summary>
    /// One property per axis, as <see cref="SampleValues"/>, over the marked type's field <c>_sample</c>
    /// (a <c>MatrixSample</c> of the core), which setting a value replaces by a changed copy: the shape of the xUnit packages' <c>ModelCase</c>.
    /// </summary>
    CaseValues = 2,

    /// <summary>
    /// One array per listed axis (a <see cref="RecordAxisKind.Matrix"/> axis not given per model), named after its label
    /// (<c>prompt types</c>: <c>PromptTypes</c>), with a private <c>ListedAxisValueCount</c> and
    /// <c>WithListedAxes(MatrixDefinition)</c>: the shape of the attribute <c>[ModelMatrix]</c>.
    /// </summary>
    MatrixArrays = 3,

    /// <summary>
    /// One list per listed axis, as <see cref="MatrixArrays"/>, with the public <c>ListedAxes</c> and the private
    /// <c>MatrixAxisKeys</c> (the matrix axes' keys in a matrix file, the provider's among them), <c>WithListedAxesFrom</c> (reading them through the type's
    /// <c>ConfigReader</c>) and <c>AddListedAxes</c> (validating each through the type's <c>AddListedAxis</c>): the shape of
    /// the core's <c>MatrixDefinition</c>.
    /// </summary>
    MatrixLists = 4,

    /// <summary>
    /// The positional parameters of a record, one text list per axis a run may filter (declared <c>Filterable</c>),
    /// named as in <see cref="MatrixArrays"/>, with the public <c>None</c>, <c>Axes</c>, <c>ValuesOf(RecordAxis)</c> and
    /// <c>Of(Func&lt;RecordAxis, IReadOnlyList&lt;string&gt;&gt;)</c>: the shape of the core's <c>MatrixFilter</c>.
    /// </summary>
    FilterLists = 5,

    /// <summary>
    /// One setting per axis a run may filter (<c>PromptTypes</c>, <c>RUNNER_HARNESS_PROMPT_TYPES</c>,
    /// <c>RunnerHarnessPromptTypes</c>), with the public <c>Filters</c> and <c>FilterOf(RecordAxis)</c>: the shape of
    /// the core's <c>HarnessSettingDefinitions</c>.
    /// </summary>
    FilterSettings = 6,
}
