using System;

namespace RunnerHarness.Schema.Generator;

/// <summary>
/// What the generator takes from one column declaration (a property of <c>ResultRecord</c> with <c>[RecordColumn]</c>):
/// plain strings and numbers only, so the incremental pipeline can compare two runs' models and skip unchanged work.
/// </summary>
internal sealed class ColumnModel : IEquatable<ColumnModel>
{
    public ColumnModel(
        string property,
        string? column,
        string recordType,
        string builderType,
        string typeOfType,
        string valueType,
        ColumnKind kind,
        bool isNullable,
        bool isMap,
        int since,
        int axisKind,
        string? axisLabel,
        bool plainEncoding,
        string file,
        int position)
    {
        Property = property;
        Column = column;
        RecordType = recordType;
        BuilderType = builderType;
        TypeOfType = typeOfType;
        ValueType = valueType;
        Kind = kind;
        IsNullable = isNullable;
        IsMap = isMap;
        Since = since;
        AxisKind = axisKind;
        AxisLabel = axisLabel;
        PlainEncoding = plainEncoding;
        File = file;
        Position = position;
    }

    /// <summary>The property name, which the typed members repeat.</summary>
    public string Property { get; }

    /// <summary>The column name (the JSON key), or null when the declaration lacks <c>[JsonPropertyName]</c>.</summary>
    public string? Column { get; }

    /// <summary>The record property's type as written in C#.</summary>
    public string RecordType { get; }

    /// <summary>The builder property's type: reference types are nullable there, so a builder can be unset.</summary>
    public string BuilderType { get; }

    /// <summary>The type for <c>typeof</c> (no nullable reference annotation).</summary>
    public string TypeOfType { get; }

    /// <summary>The value type a value or enum accessor is generic over (the type without <c>?</c>).</summary>
    public string ValueType { get; }

    public ColumnKind Kind { get; }

    public bool IsNullable { get; }

    public bool IsMap { get; }

    public int Since { get; }

    /// <summary>The <c>RecordAxisKind</c> value of an axis column (1 matrix, 2 dataset, 3 derived, 4 sample), 0 for another column.</summary>
    public int AxisKind { get; }

    public bool IsAxis => AxisKind != 0;

    /// <summary>An axis's plural label for messages.</summary>
    public string? AxisLabel { get; }

    public bool PlainEncoding { get; }

    public string File { get; }

    public int Position { get; }

    public bool Equals(ColumnModel? other) =>
        other is not null
        && Property == other.Property && Column == other.Column && RecordType == other.RecordType && BuilderType == other.BuilderType
        && TypeOfType == other.TypeOfType && ValueType == other.ValueType && Kind == other.Kind && IsNullable == other.IsNullable
        && IsMap == other.IsMap && Since == other.Since && AxisKind == other.AxisKind && AxisLabel == other.AxisLabel && PlainEncoding == other.PlainEncoding
        && File == other.File && Position == other.Position;

    public override bool Equals(object? obj) => Equals(obj as ColumnModel);

    public override int GetHashCode() => (Property.GetHashCode() * 397) ^ Position;
}
