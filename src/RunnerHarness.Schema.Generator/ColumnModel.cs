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
        bool isAxis,
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
        IsAxis = isAxis;
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

    public bool IsAxis { get; }

    public bool PlainEncoding { get; }

    public string File { get; }

    public int Position { get; }

    public bool Equals(ColumnModel? other) =>
        other is not null
        && Property == other.Property && Column == other.Column && RecordType == other.RecordType && BuilderType == other.BuilderType
        && TypeOfType == other.TypeOfType && ValueType == other.ValueType && Kind == other.Kind && IsNullable == other.IsNullable
        && IsMap == other.IsMap && Since == other.Since && IsAxis == other.IsAxis && PlainEncoding == other.PlainEncoding
        && File == other.File && Position == other.Position;

    public override bool Equals(object? obj) => Equals(obj as ColumnModel);

    public override int GetHashCode() => (Property.GetHashCode() * 397) ^ Position;
}
