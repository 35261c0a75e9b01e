using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace RunnerHarness.Schema.Generator;

/// <summary>
/// Writes everything that follows from the record's column declarations (the properties of <c>ResultRecord</c>
/// marked <c>[RecordColumn]</c>): the name constants of <c>RecordColumns</c>, the column descriptors of
/// <c>RecordSchema</c>, the typed accessors formats visit, <c>ResultRecordBuilder</c>'s properties, copies and
/// construction, and the straight-line JSON line writer <c>JsonLinesRecordWriter.Write</c>; and for the columns declared
/// an axis, the axis table of <c>RecordAxes</c> and the members of <c>IRecordAxisValues</c>. Into a partial type of any
/// assembly marked <c>[RecordAxisMembers]</c> (such as <c>MatrixSample</c>) it writes one member per axis, reading the
/// declarations from the compilation, in source or in a referenced assembly. A column or axis is one declaration;
/// nothing else lists them.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RecordSchemaGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var columns = context.SyntaxProvider
            .ForAttributeWithMetadataName(ColumnModelReader.ColumnAttribute, static (node, _) => true, static (ctx, ct) => Model(ctx, ct))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .Collect();
        context.RegisterSourceOutput(columns, static (spc, all) =>
        {
            // Only the assembly that declares the record gets its schema; one that references it has the record's own.
            if (all.IsEmpty)
            {
                return;
            }

            var ordered = all.OrderBy(c => c.File, System.StringComparer.Ordinal).ThenBy(c => c.Position).ToImmutableArray();
            spc.AddSource("RecordSchema.g.cs", RecordSchemaSource.Write(ordered));
            spc.AddSource("RecordAxes.g.cs", RecordAxesSource.Write(ordered));
            spc.AddSource("JsonLinesRecordWriter.g.cs", JsonLinesRecordWriterSource.Write(ordered));
        });

        // A type of any assembly opts in to axis members; the declarations are read from the compilation (source or a
        // referenced assembly's metadata), so the core's MatrixSample and the xUnit packages' types follow the record.
        var declaredAxes = context.CompilationProvider.Select(static (compilation, ct) => DeclaredAxes.Read(compilation, ct));
        var targets = context.SyntaxProvider
            .ForAttributeWithMetadataName(AxisMembersTarget.MembersAttribute, static (node, _) => true, static (ctx, _) => AxisMembersTarget.From(ctx))
            .Where(static t => t is not null)
            .Select(static (t, _) => t!);
        context.RegisterSourceOutput(targets.Combine(declaredAxes), static (spc, pair) =>
            spc.AddSource(pair.Left.HintName, RecordAxisMembersSource.Write(pair.Left, pair.Right)));
    }

    private static ColumnModel? Model(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (context.TargetSymbol is not IPropertySymbol property)
        {
            return null;
        }

        var location = context.TargetNode.GetLocation();
        return ColumnModelReader.Read(property, context.Attributes[0], location.SourceTree?.FilePath ?? string.Empty, location.SourceSpan.Start);
    }
}
