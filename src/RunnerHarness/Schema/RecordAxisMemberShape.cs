namespace RunnerHarness.Schema;

/// <summary>The members <c>RunnerHarness.Schema.Generator</c> writes into a type marked <see cref="RecordAxisMembersAttribute"/>.</summary>
public enum RecordAxisMemberShape
{
    /// <summary>
    /// One property per axis, of the record's type (the sample index as a plain <see cref="int"/>, unset reading 0), read
    /// through the marked type's <c>object? ValueOf(RecordAxis)</c> and set at initialisation through its
    /// <c>void Assign(RecordAxis, object?)</c>: the shape of <see cref="Matrix.MatrixSample"/>.
    /// </summary>
    SampleValues = 1,
}
