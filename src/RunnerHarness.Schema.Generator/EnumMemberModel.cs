using System;

namespace RunnerHarness.Schema.Generator;

/// <summary>One member of an enum column's type: its C# name and the spelling JSON and Parquet store it as.</summary>
internal sealed class EnumMemberModel : IEquatable<EnumMemberModel>
{
    public EnumMemberModel(string name, string wire)
    {
        Name = name;
        Wire = wire;
    }

    /// <summary>The member's C# name.</summary>
    public string Name { get; }

    /// <summary>Its <c>[JsonStringEnumMemberName]</c>, or its C# name without one (what the serializer's enum converter writes).</summary>
    public string Wire { get; }

    public bool Equals(EnumMemberModel? other) => other is not null && Name == other.Name && Wire == other.Wire;

    public override bool Equals(object? obj) => Equals(obj as EnumMemberModel);

    public override int GetHashCode() => Name.GetHashCode();
}
