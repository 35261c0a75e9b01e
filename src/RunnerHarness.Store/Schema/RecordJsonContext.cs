using System.Text.Json.Serialization;

namespace RunnerHarness.Schema;

/// <summary>
/// Source-generated System.Text.Json metadata for <see cref="ResultRecord"/>: the one JSON shape used
/// by JSON Lines files and write-ahead logs. Nulls are written, so every line names every column.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ResultRecord))]
internal sealed partial class RecordJsonContext : JsonSerializerContext;
