namespace RunnerHarness.Schema;

/// <summary>
/// What a record's matrix cell and sample are read from, as both a built <see cref="ResultRecord"/> and a
/// <see cref="ResultRecordBuilder"/> hold it: the test, the axis columns and the custom dimensions. The recorder
/// computes a case key (assembly, test, cell, sample) from the builder before the record exists; every reader of axes reads through this.
/// The axis members are generated from the record's axis declarations; this part holds the rest.
/// </summary>
public partial interface IRecordAxisValues
{
    /// <inheritdoc cref="ResultRecord.Assembly"/>
    string? Assembly { get; }

    /// <inheritdoc cref="ResultRecord.TestClass"/>
    string? TestClass { get; }

    /// <inheritdoc cref="ResultRecord.TestMethod"/>
    string? TestMethod { get; }

    /// <inheritdoc cref="ResultRecord.Dimensions"/>
    Dictionary<string, string>? Dimensions { get; }
}
