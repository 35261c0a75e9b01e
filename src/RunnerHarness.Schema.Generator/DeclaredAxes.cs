using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace RunnerHarness.Schema.Generator;

/// <summary>
/// The axis declarations of <c>ResultRecord</c> as the compilation sees them, in source or in a referenced assembly,
/// in declaration order; compared by content so the incremental pipeline skips unchanged work.
/// </summary>
internal sealed class DeclaredAxes : IEquatable<DeclaredAxes>
{
    public const string RecordType = "RunnerHarness.Schema.ResultRecord";

    private DeclaredAxes(bool recordFound, ImmutableArray<ColumnModel> axes)
    {
        RecordFound = recordFound;
        Axes = axes;
    }

    /// <summary>Whether the compilation declares or references <c>ResultRecord</c>.</summary>
    public bool RecordFound { get; }

    /// <summary>The axes the generator can write members for (a declaration it rejects is reported by the schema source).</summary>
    public ImmutableArray<ColumnModel> Axes { get; }

    /// <summary>
    /// The axes of <c>ResultRecord</c> in <paramref name="compilation"/>: one type lookup and a walk of its properties,
    /// cheap enough to run for each compilation the pipeline sees.
    /// </summary>
    public static DeclaredAxes Read(Compilation compilation, CancellationToken cancellationToken)
    {
        var record = compilation.GetTypeByMetadataName(RecordType);
        if (record is null)
        {
            return new DeclaredAxes(false, ImmutableArray<ColumnModel>.Empty);
        }

        var axes = ImmutableArray.CreateBuilder<ColumnModel>();
        var position = 0;
        foreach (var member in record.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is not IPropertySymbol property)
            {
                continue;
            }

            var declaration = property.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == ColumnModelReader.ColumnAttribute);
            if (declaration is null)
            {
                continue;
            }

            var column = ColumnModelReader.Read(property, declaration, string.Empty, position++);
            if (column.IsAxis && RecordSchemaSource.Problem(column) is null)
            {
                axes.Add(column);
            }
        }

        return new DeclaredAxes(true, axes.ToImmutable());
    }

    public bool Equals(DeclaredAxes? other) =>
        other is not null && RecordFound == other.RecordFound && Axes.SequenceEqual(other.Axes);

    public override bool Equals(object? obj) => Equals(obj as DeclaredAxes);

    public override int GetHashCode() => Axes.Length;
}
