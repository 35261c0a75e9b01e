using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace RunnerHarness.Schema.Generator;

/// <summary>
/// Reads one column declaration (a property of <c>ResultRecord</c> and its <c>[RecordColumn]</c>) into a
/// <see cref="ColumnModel"/>, the same way whether the property is in source or in a referenced assembly's metadata.
/// </summary>
internal static class ColumnModelReader
{
    public const string ColumnAttribute = "RunnerHarness.Schema.RecordColumnAttribute";

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static ColumnModel Read(IPropertySymbol property, AttributeData declaration, string file, int position)
    {
        string? column = null;
        foreach (var attribute in property.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonPropertyNameAttribute"
                && attribute.ConstructorArguments.Length == 1)
            {
                column = attribute.ConstructorArguments[0].Value as string;
            }
        }

        int since = 0, axis = 0, grouping = 0;
        bool plain = false, perModel = false, filterable = false;
        string? axisLabel = null, valueOrder = null;
        foreach (var argument in declaration.NamedArguments)
        {
            switch (argument.Key)
            {
                case "Since": since = argument.Value.Value is int s ? s : 0; break;
                case "Axis": axis = argument.Value.Value is int a ? a : 0; break;
                case "AxisLabel": axisLabel = argument.Value.Value as string; break;
                case "PlainEncoding": plain = argument.Value.Value is true; break;
                case "GivenPerModel": perModel = argument.Value.Value is true; break;
                case "Filterable": filterable = argument.Value.Value is true; break;
                case "ValueOrder": valueOrder = argument.Value.Value as string; break;
                case "DefaultGroupingPosition": grouping = argument.Value.Value is int g ? g : 0; break;
            }
        }

        var type = property.Type;
        var isNullableValue = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };
        var underlying = isNullableValue ? ((INamedTypeSymbol)type).TypeArguments[0] : type;
        var isNullable = isNullableValue || (type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated);
        var kind = KindOf(underlying);
        var builderType = type.IsReferenceType ? type.WithNullableAnnotation(NullableAnnotation.Annotated) : type;
        return new ColumnModel(
            property.Name,
            column,
            type.ToDisplayString(TypeFormat),
            builderType.ToDisplayString(TypeFormat),
            type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            underlying.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            kind,
            isNullable,
            kind is ColumnKind.TextMap or ColumnKind.NumberMap,
            since,
            axis,
            axisLabel,
            plain,
            perModel,
            filterable,
            valueOrder,
            grouping,
            kind == ColumnKind.Enum ? EnumMembers((INamedTypeSymbol)underlying) : ImmutableArray<EnumMemberModel>.Empty,
            kind == ColumnKind.Enum ? ((INamedTypeSymbol)underlying).EnumUnderlyingType?.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) : null,
            file,
            position);
    }

    // The members the serializer's enum converter names, in declaration order: a member's [JsonStringEnumMemberName], or
    // its C# name. A second member of the same value is an alias the converter never writes, so it is left out.
    private static ImmutableArray<EnumMemberModel> EnumMembers(INamedTypeSymbol type)
    {
        var members = ImmutableArray.CreateBuilder<EnumMemberModel>();
        var seen = new HashSet<object>();
        foreach (var member in type.GetMembers())
        {
            if (member is not IFieldSymbol { HasConstantValue: true, ConstantValue: { } value } field || !seen.Add(value))
            {
                continue;
            }

            var wire = field.Name;
            foreach (var attribute in field.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute"
                    && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name)
                {
                    wire = name;
                }
            }

            members.Add(new EnumMemberModel(field.Name, wire));
        }

        return members.ToImmutable();
    }

    private static ColumnKind KindOf(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_String: return ColumnKind.Text;
            case SpecialType.System_DateTime: return ColumnKind.Timestamp;
            case SpecialType.System_Int32:
            case SpecialType.System_Int64:
            case SpecialType.System_Double:
            case SpecialType.System_Boolean:
                return ColumnKind.Value;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return ColumnKind.Enum;
        }

        if (type is INamedTypeSymbol { IsGenericType: true } named
            && named.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.Dictionary<TKey, TValue>"
            && named.TypeArguments[0].SpecialType == SpecialType.System_String)
        {
            return named.TypeArguments[1].SpecialType switch
            {
                SpecialType.System_String => ColumnKind.TextMap,
                SpecialType.System_Double => ColumnKind.NumberMap,
                _ => ColumnKind.Unsupported,
            };
        }

        return ColumnKind.Unsupported;
    }
}
