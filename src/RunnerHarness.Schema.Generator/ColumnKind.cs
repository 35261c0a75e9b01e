namespace RunnerHarness.Schema.Generator;

/// <summary>How a column's values are carried, which decides the typed accessor a format visits it with.</summary>
internal enum ColumnKind
{
    /// <summary>A type no format stores; the generator reports it.</summary>
    Unsupported,

    /// <summary>A string.</summary>
    Text,

    /// <summary>A fixed-size primitive: int, long, double or bool.</summary>
    Value,

    /// <summary>A UTC instant.</summary>
    Timestamp,

    /// <summary>An enum, stored as its wire spelling.</summary>
    Enum,

    /// <summary>A map of string to string.</summary>
    TextMap,

    /// <summary>A map of string to double.</summary>
    NumberMap,
}
