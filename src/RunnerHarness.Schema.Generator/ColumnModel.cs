using System;
using System.Collections.Immutable;
using System.Linq;

namespace RunnerHarness.Schema.Generator;

/// <summary>
/// What the generator takes from one column declaration (a property of <c>ResultRecord</c> with <c>[RecordColumn]</c>):
/// plain strings and numbers only, so the incremental pipeline can compare two runs' models and skip unchanged work.
/// </summary>
internal sealed class ColumnModel : IEquatable<ColumnModel>
{
    private static readonly char[] WordSeparators = [' '];

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
        bool givenPerModel,
        bool filterable,
        string? valueOrder,
        int defaultGroupingPosition,
        ImmutableArray<EnumMemberModel> enumMembers,
        string? enumUnderlyingType,
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
        GivenPerModel = givenPerModel;
        Filterable = filterable;
        ValueOrder = valueOrder;
        DefaultGroupingPosition = defaultGroupingPosition;
        EnumMembers = enumMembers.IsDefault ? ImmutableArray<EnumMemberModel>.Empty : enumMembers;
        EnumUnderlyingType = enumUnderlyingType;
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

    /// <summary>Whether a matrix gives the axis's value per model (model -> value) instead of listing values to cross.</summary>
    public bool GivenPerModel { get; }

    /// <summary>Whether a run may filter the axis's values (a setting and CLI option per such axis).</summary>
    public bool Filterable { get; }

    /// <summary>A text axis's values in the order a reader expects them, comma-separated, or null for ordinal order.</summary>
    public string? ValueOrder { get; }

    /// <summary>The axis's position (from 1) in the default grouping, 0 when the default grouping leaves it out.</summary>
    public int DefaultGroupingPosition { get; }

    /// <summary>Whether a matrix lists the axis's values, crossed with the other axes' (a list in the matrix, its attribute and its file).</summary>
    public bool IsListed => AxisKind == 1 && !GivenPerModel;

    /// <summary>The axis's plural name in members, from its label: <c>prompt types</c> gives <c>PromptTypes</c>.</summary>
    public string PluralName => string.Concat(System.Linq.Enumerable.Select(
        (AxisLabel ?? string.Empty).Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries),
        w => char.ToUpperInvariant(w[0]) + w.Substring(1)));

    /// <summary>The axis's plural key in a matrix file, from its label: <c>prompt types</c> gives <c>prompt_types</c>.</summary>
    public string PluralKey => (AxisLabel ?? string.Empty).Trim().Replace(' ', '_');

    /// <summary>An enum column's members with their wire spellings, in declaration order; empty for another column.</summary>
    public ImmutableArray<EnumMemberModel> EnumMembers { get; }

    /// <summary>An enum column's underlying integer type (<c>int</c>), which a value without a member is written as; null for another column.</summary>
    public string? EnumUnderlyingType { get; }

    public string File { get; }

    public int Position { get; }

    public bool Equals(ColumnModel? other) =>
        other is not null
        && Property == other.Property && Column == other.Column && RecordType == other.RecordType && BuilderType == other.BuilderType
        && TypeOfType == other.TypeOfType && ValueType == other.ValueType && Kind == other.Kind && IsNullable == other.IsNullable
        && IsMap == other.IsMap && Since == other.Since && AxisKind == other.AxisKind && AxisLabel == other.AxisLabel && PlainEncoding == other.PlainEncoding
        && GivenPerModel == other.GivenPerModel && Filterable == other.Filterable
        && ValueOrder == other.ValueOrder && DefaultGroupingPosition == other.DefaultGroupingPosition
        && EnumMembers.SequenceEqual(other.EnumMembers) && EnumUnderlyingType == other.EnumUnderlyingType
        && File == other.File && Position == other.Position;

    public override bool Equals(object? obj) => Equals(obj as ColumnModel);

    public override int GetHashCode() => (Property.GetHashCode() * 397) ^ Position;
}
