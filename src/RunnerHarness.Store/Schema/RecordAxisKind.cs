namespace RunnerHarness.Schema;

/// <summary>Where the values of a fixed axis (<see cref="RecordAxis"/>) come from.</summary>
public enum RecordAxisKind
{
    /// <summary>A matrix lists the axis's values (models, prompt types, difficulties, ...); a cell axis.</summary>
    Matrix = 1,

    /// <summary>The matrix's dataset gives the values, one per item (the item's <c>id</c>); a cell axis.</summary>
    Dataset = 2,

    /// <summary>
    /// Another axis's value decides it (the item's version, from the item); a cell axis, so it is part of the case key,
    /// but no matrix declares it and no run filters on it.
    /// </summary>
    Derived = 3,

    /// <summary>The sample number within a cell; not a cell axis (it tells a cell's samples apart).</summary>
    Sample = 4,
}
