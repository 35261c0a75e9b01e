using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RunnerHarness.Schema;
using RunnerHarness.Schema.Generator;

namespace RunnerHarness.Tests.Schema.Generation;

/// <summary>
/// Compiles a small source through <see cref="RecordSchemaGenerator"/>, as the compiler does for a project that uses it
/// as an analyzer: against the shared framework of this process and, when asked, the built core assembly.
/// </summary>
internal sealed class GeneratorRun
{
    private GeneratorRun(CSharpCompilation output, ImmutableArray<Diagnostic> generatorDiagnostics)
    {
        Output = output;
        GeneratorDiagnostics = generatorDiagnostics;
    }

    /// <summary>The compilation with the generated sources added.</summary>
    public CSharpCompilation Output { get; }

    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

    /// <summary>The errors of the compilation with the generated sources, as text, for an assertion message.</summary>
    public IReadOnlyList<string> Errors =>
        [.. GeneratorDiagnostics.Concat(Output.GetDiagnostics()).Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString())];

    /// <summary>The text of the generated file whose name ends with <paramref name="hintNameSuffix"/>.</summary>
    public string Generated(string hintNameSuffix) =>
        Output.SyntaxTrees.Single(t => t.FilePath.EndsWith(hintNameSuffix, StringComparison.Ordinal)).ToString();

    /// <summary>Runs the generator over <paramref name="source"/>, referencing the core assembly when <paramref name="referenceCore"/>.</summary>
    public static GeneratorRun Of(string source, bool referenceCore) => Of([("Probe.cs", source)], referenceCore);

    /// <summary>Runs the generator over the files <paramref name="sources"/> (path and text), referencing the core assembly when <paramref name="referenceCore"/>.</summary>
    public static GeneratorRun Of(IEnumerable<(string Path, string Text)> sources, bool referenceCore)
    {
        // The shared framework's assemblies only: the test host's trusted list also holds this test's own dependencies, the core among them.
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => string.Equals(Path.GetDirectoryName(p), framework, StringComparison.Ordinal));
        var references = platform.Select(p => MetadataReference.CreateFromFile(p)).ToList();
        if (referenceCore)
        {
            references.Add(MetadataReference.CreateFromFile(typeof(ResultRecord).Assembly.Location));
        }

        var compilation = CSharpCompilation.Create(
            "GeneratorProbe",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, new CSharpParseOptions(LanguageVersion.Preview), path: s.Path)),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var driver = CSharpGeneratorDriver.Create(new RecordSchemaGenerator()).WithUpdatedParseOptions(new CSharpParseOptions(LanguageVersion.Preview));
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun((CSharpCompilation)output, diagnostics);
    }
}
