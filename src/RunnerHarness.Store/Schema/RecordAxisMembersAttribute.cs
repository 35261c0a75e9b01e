namespace RunnerHarness.Schema;

/// <summary>
/// Asks <c>RunnerHarness.Schema.Generator</c> to write the axis members of the partial type it marks, one per axis
/// declared on <see cref="ResultRecord"/> (<c>[RecordColumn(Axis = ...)]</c>), in the shape
/// <see cref="Shape"/> names. The generator reads the declarations from the compilation, in source or in a referenced
/// assembly, so any assembly that references the one declaring <see cref="ResultRecord"/> and uses the generator as an
/// analyzer gets typed axis members without listing the axes.
/// </summary>
/// <remarks>For the harness's own types; the members each shape writes rely on members the marked type declares by hand.</remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class RecordAxisMembersAttribute : Attribute
{
    /// <summary>Marks the type for axis members of <paramref name="shape"/>.</summary>
    public RecordAxisMembersAttribute(RecordAxisMemberShape shape) => Shape = shape;

    /// <summary>Which members the generator writes, and what they rely on in the marked type.</summary>
    public RecordAxisMemberShape Shape { get; }
}
