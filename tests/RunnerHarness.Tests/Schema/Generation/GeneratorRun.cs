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
    // One set of reference objects for every run of the test host: Roslyn keeps the symbols of a referenced assembly with
    // its reference object, so compilations sharing them bind the ~170 framework assemblies once instead of once a run.
    private static readonly Lazy<MetadataReference[]> Framework = new(() =>
    {
        // The shared framework's assemblies only: the test host's trusted list also holds this test's own dependencies, the core among them.
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => string.Equals(Path.GetDirectoryName(p), framework, StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p))];
    });

    private static readonly Lazy<MetadataReference[]> FrameworkAndCore = new(() =>
        [.. Framework.Value, MetadataReference.CreateFromFile(typeof(ResultRecord).Assembly.Location)]);

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

    /// <summary>
    /// The reasons of the generator's source outputs when it runs over <paramref name="source"/> (referencing the core), then
    /// again after a file that declares no axis and marks no type is added: what an IDE does on a keystroke elsewhere.
    /// </summary>
    public static (IReadOnlyList<IncrementalStepRunReason> First, IReadOnlyList<IncrementalStepRunReason> Second) TwiceWithUnrelatedEdit(string source)
    {
        var compilation = Compilation([("Probe.cs", source)], referenceCore: true);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new RecordSchemaGenerator().AsSourceGenerator()],
            parseOptions: new CSharpParseOptions(LanguageVersion.Preview),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);
        var first = Reasons(driver);
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Probe; public sealed class ScoreCard { public double Accuracy { get; init; } }", new CSharpParseOptions(LanguageVersion.Preview), path: "ScoreCard.cs")));
        return (first, Reasons(driver));
    }

    /// <summary>Runs the generator over the files <paramref name="sources"/> (path and text), referencing the core assembly when <paramref name="referenceCore"/>.</summary>
    public static GeneratorRun Of(IEnumerable<(string Path, string Text)> sources, bool referenceCore)
    {
        var compilation = Compilation(sources, referenceCore);
        var driver = CSharpGeneratorDriver.Create(new RecordSchemaGenerator()).WithUpdatedParseOptions(new CSharpParseOptions(LanguageVersion.Preview));
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun((CSharpCompilation)output, diagnostics);
    }

    private static IReadOnlyList<IncrementalStepRunReason> Reasons(GeneratorDriver driver) =>
        [.. driver.GetRunResult().Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(step => step.Outputs).Select(o => o.Reason)];

    private static CSharpCompilation Compilation(IEnumerable<(string Path, string Text)> sources, bool referenceCore) =>
        CSharpCompilation.Create(
            "GeneratorProbe",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, new CSharpParseOptions(LanguageVersion.Preview), path: s.Path)),
            referenceCore ? FrameworkAndCore.Value : Framework.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
}
