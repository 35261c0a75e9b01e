using System.Text.Json.Serialization;

namespace RunnerHarness.Store;

[JsonSerializable(typeof(WriterManifest))]
internal sealed partial class WriterManifestJsonContext : JsonSerializerContext;
