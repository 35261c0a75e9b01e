using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace RunnerHarness.Schema.Generator;

/// <summary>
/// Writes everything that follows from the record's column declarations (the properties of <c>ResultRecord</c>
/// marked <c>[RecordColumn]</c>): the name constants of <c>RecordColumns</c>, the column descriptors of
/// <c>RecordSchema</c>, the typed accessors formats visit, and <c>ResultRecordBuilder</c>'s properties, copies and
/// construction; and for the columns declared an axis, the axis table of <c>RecordAxes</c>, the members of
/// <c>IRecordAxisValues</c> and the typed properties of <c>MatrixSample</c>. A column or axis is one declaration;
/// nothing else lists them.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RecordSchemaGenerator : IIncrementalGenerator
{
    private const string ColumnAttribute = "RunnerHarness.Schema.RecordColumnAttribute";

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var columns = context.SyntaxProvider
            .ForAttributeWithMetadataName(ColumnAttribute, static (node, _) => true, static (ctx, ct) => Model(ctx, ct))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .Collect();
        context.RegisterSourceOutput(columns, static (spc, all) =>
        {
            var ordered = all.OrderBy(c => c.File, System.StringComparer.Ordinal).ThenBy(c => c.Position).ToImmutableArray();
            spc.AddSource("RecordSchema.g.cs", RecordSchemaSource.Write(ordered));
            spc.AddSource("RecordAxes.g.cs", RecordAxesSource.Write(ordered));
        });
    }

    private static ColumnModel? Model(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (context.TargetSymbol is not IPropertySymbol property)
        {
            return null;
        }

        var column = property.GetAttributes()
            .FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonPropertyNameAttribute")?
            .ConstructorArguments.FirstOrDefault().Value as string;
        var declaration = context.Attributes[0];
        int since = 0, axis = 0;
        bool plain = false;
        string? axisLabel = null;
        foreach (var argument in declaration.NamedArguments)
        {
            switch (argument.Key)
            {
                case "Since": since = argument.Value.Value is int s ? s : 0; break;
                case "Axis": axis = argument.Value.Value is int a ? a : 0; break;
                case "AxisLabel": axisLabel = argument.Value.Value as string; break;
                case "PlainEncoding": plain = argument.Value.Value is true; break;
            }
        }

        var type = property.Type;
        var isNullableValue = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };
        var underlying = isNullableValue ? ((INamedTypeSymbol)type).TypeArguments[0] : type;
        var isNullable = isNullableValue || (type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated);
        var kind = KindOf(underlying);
        var builderType = type.IsReferenceType ? type.WithNullableAnnotation(NullableAnnotation.Annotated) : type;
        var location = context.TargetNode.GetLocation();
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
            location.SourceTree?.FilePath ?? string.Empty,
            location.SourceSpan.Start);
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
