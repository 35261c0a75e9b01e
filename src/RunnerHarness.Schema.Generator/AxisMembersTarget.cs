using System;
using Microsoft.CodeAnalysis;

namespace RunnerHarness.Schema.Generator;

/// <summary>
/// A partial type marked <c>[RecordAxisMembers]</c>: what the generator needs to write its part, as plain strings and
/// numbers so the incremental pipeline can compare two runs' models.
/// </summary>
internal sealed class AxisMembersTarget : IEquatable<AxisMembersTarget>
{
    public const string MembersAttribute = "RunnerHarness.Schema.RecordAxisMembersAttribute";

    private AxisMembersTarget(string? ns, string name, string keyword, int shape, string? problem)
    {
        Namespace = ns;
        Name = name;
        Keyword = keyword;
        Shape = shape;
        Problem = problem;
    }

    /// <summary>The type's namespace, or null for the global namespace.</summary>
    public string? Namespace { get; }

    public string Name { get; }

    /// <summary>The keyword a partial part of the type repeats: <c>class</c>, <c>struct</c>, <c>record</c> or <c>record struct</c>.</summary>
    public string Keyword { get; }

    /// <summary>The <c>RecordAxisMemberShape</c> value the attribute names.</summary>
    public int Shape { get; }

    /// <summary>Why the generator cannot write the type's members, or null when it can.</summary>
    public string? Problem { get; }

    /// <summary>The name of the generated file, unique per type.</summary>
    public string HintName => (Namespace is null ? Name : Namespace + "." + Name) + ".RecordAxisMembers.g.cs";

    public static AxisMembersTarget? From(GeneratorAttributeSyntaxContext context)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type)
        {
            return null;
        }

        var shape = context.Attributes[0].ConstructorArguments.Length == 1 && context.Attributes[0].ConstructorArguments[0].Value is int s ? s : 0;
        var keyword = (type.IsRecord, type.TypeKind) switch
        {
            (true, TypeKind.Struct) => "record struct",
            (true, _) => "record",
            (false, TypeKind.Struct) => "struct",
            _ => "class",
        };
        string? problem = null;
        if (type.ContainingType is not null || type.IsGenericType)
        {
            problem = "[RecordAxisMembers] marks " + type.ToDisplayString() + "; the generator writes members of a top-level, non-generic type only.";
        }

        return new AxisMembersTarget(type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(), type.Name, keyword, shape, problem);
    }

    public bool Equals(AxisMembersTarget? other) =>
        other is not null && Namespace == other.Namespace && Name == other.Name && Keyword == other.Keyword && Shape == other.Shape && Problem == other.Problem;

    public override bool Equals(object? obj) => Equals(obj as AxisMembersTarget);

    public override int GetHashCode() => Name.GetHashCode() ^ Shape;
}
