namespace RunnerHarness.Tests.Schema.Generation;

/// <summary>
/// Adding an axis is one edit: the repository's own declaration file (<c>Schema/ResultRecord.cs</c>) with one more
/// <c>[RecordColumn(Axis = ...)]</c> property, run through the generator with the repository's own types marked
/// <c>[RecordAxisMembers]</c>, gives the axis's member in every typed projection, and the file as it is gives none.
/// </summary>
public sealed class OneEditAxisTests
{
    // The one edit: a listed matrix axis a run may filter, as a study of prompts in several languages would add.
    private const string LanguageDeclaration = """

            /// <summary>The language the prompt is written in, e.g. <c>de</c>.</summary>
            [JsonPropertyName("language")]
            [RecordColumn(Since = 4, Axis = RecordAxisKind.Matrix, AxisLabel = "languages", Filterable = true)]
            public string? Language { get; init; }
        """;

    private const string AfterFlawType = "    public string? FlawType { get; init; }\n";

    // One generator run each over the file as it is and with the edit, shared by the cases.
    private static readonly Lazy<(GeneratorRun With, GeneratorRun Without)> Runs = new(() =>
    {
        var record = RecordDeclaration();
        Assert.Contains(AfterFlawType, record, StringComparison.Ordinal);
        var edited = record.Replace(AfterFlawType, AfterFlawType + LanguageDeclaration + "\n", StringComparison.Ordinal);
        return (GeneratorRun.Of(Sources(edited), referenceCore: false), GeneratorRun.Of(Sources(record), referenceCore: false));
    });

    // Each projection's generated file and a line the new axis gives it.
    public static TheoryData<string, string> Projections() => new()
    {
        { "RecordSchema.g.cs", "public const string Language = \"language\";" },
        { "RecordSchema.g.cs", "public string? Language { get; set; }" },
        { "RecordAxes.g.cs", "public static RecordAxis Language => LanguageAxis;" },
        { "RecordAxes.g.cs", "string? Language { get; }" },
        { "RunnerHarness.Matrix.MatrixSample.RecordAxisMembers.g.cs", "public string? Language { get => (string?)ValueOf(global::RunnerHarness.Schema.RecordAxes.Language);" },
        { "RunnerHarness.Xunit.ModelCase.RecordAxisMembers.g.cs", "public string? Language { get => _sample.Language; init => _sample = _sample with { Language = value }; }" },
        { "RunnerHarness.Xunit.ModelMatrixAttribute.RecordAxisMembers.g.cs", "public string[] Languages { get; set; } = [];" },
        { "RunnerHarness.Xunit.ModelMatrixAttribute.RecordAxisMembers.g.cs", "Languages = Languages," },
        { "RunnerHarness.Matrix.MatrixDefinition.RecordAxisMembers.g.cs", "public global::System.Collections.Generic.IReadOnlyList<string> Languages { get; init; } = [];" },
        { "RunnerHarness.Matrix.MatrixDefinition.RecordAxisMembers.g.cs", "Languages = reader.Strings(root, \"languages\")," },
        { "RunnerHarness.Matrix.MatrixDefinition.RecordAxisMembers.g.cs", "AddListedAxis(axes, global::RunnerHarness.Schema.RecordAxes.Language, Languages);" },
        { "RunnerHarness.Settings.MatrixFilter.RecordAxisMembers.g.cs", "global::System.Collections.Generic.IReadOnlyList<string> Languages)" },
        { "RunnerHarness.Settings.MatrixFilter.RecordAxisMembers.g.cs", "valuesOf(global::RunnerHarness.Schema.RecordAxes.Language)" },
        { "RunnerHarness.Settings.HarnessSettingDefinitions.RecordAxisMembers.g.cs", "\"Languages\", \"RUNNER_HARNESS_LANGUAGES\", \"RunnerHarnessLanguages\"" },
    };

    [Theory]
    [MemberData(nameof(Projections))]
    public void OneDeclarationAdded_EveryProjectionHasTheAxis_AndWithoutItNone(string file, string line)
    {
        var with = Runs.Value.With.Generated(file);
        var without = Runs.Value.Without.Generated(file);

        Assert.Contains(line, with, StringComparison.Ordinal);
        Assert.DoesNotContain(line, without, StringComparison.Ordinal);
    }

    // The declarations and the repository's types that take axis members, as the compiler sees them in their projects.
    /// <summary>The repository's declaration file of the record, as it is on disk.</summary>
    internal static string RecordDeclaration() => File.ReadAllText(RepositoryFolder.PathOf("src", "RunnerHarness.Store", "Schema", "ResultRecord.cs"));

    internal static IEnumerable<(string Path, string Text)> Sources(string record)
    {
        yield return ("Usings.cs", "global using System;\nglobal using System.Collections.Generic;\nglobal using System.Linq;\n");
        yield return ("ResultRecord.cs", record);
        string[][] files =
        [
            ["src", "RunnerHarness.Store", "Schema", "RecordColumnAttribute.cs"],
            ["src", "RunnerHarness.Store", "Schema", "RecordAxisKind.cs"],
            ["src", "RunnerHarness.Store", "Schema", "RecordAxisMembersAttribute.cs"],
            ["src", "RunnerHarness.Store", "Schema", "RecordAxisMemberShape.cs"],
            ["src", "RunnerHarness", "Matrix", "MatrixSample.cs"],
            ["src", "RunnerHarness", "Matrix", "MatrixDefinition.cs"],
            ["src", "RunnerHarness", "Settings", "MatrixFilter.cs"],
            ["src", "RunnerHarness", "Settings", "HarnessSettingDefinitions.cs"],
            ["src", "RunnerHarness.Xunit.Shared", "ModelCase.cs"],
            ["src", "RunnerHarness.Xunit.Shared", "ModelMatrixAttribute.Axes.cs"],
        ];
        foreach (var parts in files)
        {
            yield return (parts[^1], File.ReadAllText(RepositoryFolder.PathOf(parts)));
        }
    }
}
