using System.Text.Json.Serialization;

namespace RunnerHarness.Xunit;

/// <summary>Serializes a <see cref="ModelCase"/>'s custom dimensions for xUnit's test case serialization.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ModelCaseJsonContext : JsonSerializerContext;
