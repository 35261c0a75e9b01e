namespace RunnerHarness.Schema;

/// <summary>One stored column of <see cref="ResultRecord"/>, as its declaration (the record property) gives it.</summary>
public sealed class RecordColumnDescriptor
{
    internal RecordColumnDescriptor(string name, string property, Type clrType, bool isNullable, int since, bool isAxis, bool plainEncoding)
    {
        Name = name;
        Property = property;
        ClrType = clrType;
        IsNullable = isNullable;
        Since = since;
        IsAxis = isAxis;
        PlainEncoding = plainEncoding;
    }

    /// <summary>The column name, the same in JSON Lines (the key) and Parquet.</summary>
    public string Name { get; }

    /// <summary>The <see cref="ResultRecord"/> property that holds the column.</summary>
    public string Property { get; }

    /// <summary>The property's type (<see cref="Nullable{T}"/> for a nullable value).</summary>
    public Type ClrType { get; }

    /// <summary>Whether a record may hold no value in the column.</summary>
    public bool IsNullable { get; }

    /// <summary>The record format version the column appeared in: files of older versions read it as null.</summary>
    public int Since { get; }

    /// <summary>Whether the column is one of the fixed axes (<see cref="RecordAxes"/>).</summary>
    public bool IsAxis { get; }

    /// <summary>Whether Parquet stores the (string) column PLAIN rather than dictionary-encoded.</summary>
    public bool PlainEncoding { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
