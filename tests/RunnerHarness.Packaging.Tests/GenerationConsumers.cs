using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace RunnerHarness.Packaging.Tests;

/// <summary>
/// One test source consumed three ways from one <see cref="PackedFeed"/>: xUnit v2 with RunnerHarness.Xunit (VSTest), xUnit v3
/// with RunnerHarness.Xunit.v3 under VSTest (<c>xunit.v3.mtp-off</c>, xunit.runner.visualstudio, Microsoft.NET.Test.Sdk), and
/// xUnit v3 with RunnerHarness.Xunit.v3 under Microsoft.Testing.Platform (<c>xunit.v3</c>, the global.json test runner). Each
/// project is written as a user writes it and gets the package from the local feed, the install path the docs give until the packages
/// are published; all three name their assembly alike, so the same test gets the same case key under each. Each holds
/// <see cref="Source"/> (plain facts and theories) and <see cref="BatchSource"/> (a model batch). Two more projects serve one
/// class each: <see cref="V2ObjectStorage"/> (a URL store) and <see cref="V3MtpConfigured"/> (the project's testconfig.json).
/// All five are built by one `dotnet build` when the collection starts.
/// </summary>
public sealed class GenerationConsumers : IDisposable
{
    /// <summary>The assembly name of all three projects.</summary>
    public const string AssemblyName = "EvalBatch";

    /// <summary>
    /// The shared test source: passed, failed and skipped facts, a theory of hostile strings, rows enumerated only at run time
    /// (not serializable), and a test that sets its score through <c>ModelTestContext</c>.
    /// </summary>
    public const string Source = """
        using RunnerHarness.Xunit;

        namespace EvalBatch;

        public sealed record Prompt(string Model, string Text)
        {
            public override string ToString() => $"{Model}: {Text}";
        }

        public class OutcomeTests
        {
            [Fact]
            public void Answers() => Assert.Equal(4, 2 + 2);

            [Fact]
            public void Refuses() => Assert.Fail("gpt-4o-mini refused the prompt");

            [Fact(Skip = "provider quota exhausted")]
            public void Waits() { }

            [Theory]
            [InlineData("gpt-4o-mini", "plain")]
            [InlineData("claude-3-5-haiku", "quote \" comma , semicolon ;")]
            [InlineData("llama-3.1-8b", "line\nbreak\ttab")]
            [InlineData("mistral-small", "émoji 🚀 日本語 \u0000 nul")]
            [InlineData("gpt-4o-mini", "")]
            public void Summarises(string model, string prompt)
            {
                ModelTestContext.Current.SetMetric("prompt_length", prompt.Length);
                ModelTestContext.Current.QualityScore = model.Length / 100.0;
                Assert.NotEqual("llama-3.1-8b", model);
            }

            public static TheoryData<Prompt> Prompts()
            {
                var data = new TheoryData<Prompt>();
                data.Add(new Prompt("gpt-4o-mini", "translate to French"));
                data.Add(new Prompt("claude-3-5-haiku", "summarise the report"));
                data.Add(new Prompt("mistral-small", "classify the ticket"));
                return data;
            }

            [Theory]
            [MemberData(nameof(Prompts))]
            public void Completes(Prompt prompt)
            {
                ModelTestContext.Current.SetDimension("model_family", prompt.Model.Split('-')[0]);
                Assert.NotEqual("mistral-small", prompt.Model);
            }
        }
        """;

    /// <summary>The results of <see cref="Source"/>: 3 facts, 5 inline rows, 3 member rows.</summary>
    public const int Results = 11;

    /// <summary>The results of <see cref="BatchSource"/> run on an empty store: the batch's 8 rows and the plain fact.</summary>
    public const int BatchResults = 9;

    /// <summary>The test class of <see cref="BatchSource"/>.</summary>
    public const string BatchClass = "EvalBatch.SummaryBatch";

    /// <summary>
    /// A model batch of 4 cells x 2 samples whose rows call their model through <c>ModelClients</c> (the built-in simulated
    /// models: no models file, no network), and a reviewer model when <c>EVAL_BATCH_REVIEWER</c> names one; and a plain fact
    /// that calls a model too, and the reviewer when it is named. The same source under each generation.
    /// </summary>
    public const string BatchSource = """
        using Microsoft.Extensions.AI;
        using RunnerHarness.Models;
        using RunnerHarness.Xunit;

        namespace EvalBatch;

        public class SummaryBatch
        {
            [Theory]
            [ModelMatrix(Models = ["sim-small", "sim-large"], Difficulties = ["easy", "hard"], SamplesPerCell = 2)]
            public async Task Summarise(ModelCase modelCase)
            {
                var response = await ModelClients.Get(modelCase.Model!).GetResponseAsync(
                    $"Summarise the {modelCase.Difficulty} incident report of the checkout service in two sentences.");
                ModelTestContext.Current.QualityScore = response.Text.Length > 0 ? 1 : 0;
                if (Environment.GetEnvironmentVariable("EVAL_BATCH_REVIEWER") is { Length: > 0 } reviewer)
                {
                    await ModelClients.Get(reviewer).GetResponseAsync($"Review this summary for factual errors: {response.Text}");
                }
            }

            [Fact]
            public async Task Greets()
            {
                var response = await ModelClients.Get("sim-small").GetResponseAsync("Greet the on-call engineer and name the failing service.");
                Assert.NotEmpty(response.Text);
                if (Environment.GetEnvironmentVariable("EVAL_BATCH_REVIEWER") is { Length: > 0 } reviewer)
                {
                    await ModelClients.Get(reviewer).GetResponseAsync($"Review this greeting for tone: {response.Text}");
                }
            }
        }
        """;

    // The xUnit v2 packages of a v2 test project.
    private const string V2References = """
        <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" />
        <PackageReference Include="xunit" Version="2.9.3" />
        <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
        """;

    // The xUnit v3 package of a project under Microsoft.Testing.Platform.
    private const string V3MtpReferences = """<PackageReference Include="xunit.v3" Version="4.0.3" />""";

    // Its test application, run by itself, runs MTP too (xUnit's "replace the xUnit.net command line experience" setting;
    // without it a direct run gets xUnit's own console runner and only `dotnet test` gets MTP): RunTests runs it so.
    private const string V3MtpProperties = "<UseMicrosoftTestingPlatformRunner>true</UseMicrosoftTestingPlatformRunner>";

    /// <summary>The <c>testconfig.json</c> of <see cref="V3MtpConfigured"/>: a store path relative to the project, as a project's file would name it.</summary>
    public const string ProjectTestConfig = """
        {
          "runnerHarness": {
            "storageFormat": "parquet",
            "store": "../stores/project-testconfig"
          }
        }
        """;

    /// <summary>The cells of <see cref="BatchSource"/>'s batch, as its test cases are named.</summary>
    public static readonly string[] BatchCells =
    [
        $"{BatchClass}.Summarise(sim-small | easy)", $"{BatchClass}.Summarise(sim-small | hard)",
        $"{BatchClass}.Summarise(sim-large | easy)", $"{BatchClass}.Summarise(sim-large | hard)",
    ];

    public GenerationConsumers()
    {
        Feed = PackedFeed.Acquire();
        try
        {
            Folder = Feed.ConsumerFolder("generations");
            V2 = Create("V2", "RunnerHarness.Xunit", V2References, exe: false);
            V3VSTest = Create("V3VSTest", "RunnerHarness.Xunit.v3", """
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" />
                <PackageReference Include="xunit.v3.mtp-off" Version="4.0.3" />
                <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
                """, exe: true);
            V3Mtp = CreateTestingPlatform("V3Mtp");
            // As a user adds RunnerHarness.ObjectStorage to write to a URL store: a PackageReference, nothing else.
            V2ObjectStorage = Create("V2ObjectStorage", "RunnerHarness.Xunit", V2References, exe: false);
            ChildProcess.Run("dotnet", ["add", "package", "RunnerHarness.ObjectStorage", "--version", Feed.Version, "--no-restore"], V2ObjectStorage).Succeeded();
            V3MtpConfigured = CreateTestingPlatform("V3MtpConfigured");
            File.WriteAllText(Path.Combine(V3MtpConfigured, "testconfig.json"), ProjectTestConfig);
            // Every consumer the collection's classes run, in one build: one MSBuild start and restore, not one a class.
            Build("generations", V2, V3VSTest, V3Mtp, V2ObjectStorage, V3MtpConfigured).Succeeded();
        }
        catch
        {
            PackedFeed.Release();
            throw;
        }
    }

    /// <summary>The feed the packages came from.</summary>
    public PackedFeed Feed { get; }

    /// <summary>The folder of this collection's consumer projects, stores and settings files, below the feed's root.</summary>
    public string Folder { get; }

    /// <summary>The `runner-harness` tool installed from <see cref="Feed"/>.</summary>
    public string Tool => Feed.Tool;

    /// <summary>The xUnit v2 project.</summary>
    public string V2 { get; }

    /// <summary>The xUnit v3 project under VSTest.</summary>
    public string V3VSTest { get; }

    /// <summary>The xUnit v3 project under Microsoft.Testing.Platform.</summary>
    public string V3Mtp { get; }

    /// <summary>An xUnit v2 project like <see cref="V2"/> that also references RunnerHarness.ObjectStorage from the feed.</summary>
    public string V2ObjectStorage { get; }

    /// <summary>
    /// An xUnit v3 project under Microsoft.Testing.Platform like <see cref="V3Mtp"/>, with <see cref="ProjectTestConfig"/> as the
    /// <c>testconfig.json</c> beside its project file, as a user keeps the project's settings.
    /// </summary>
    public string V3MtpConfigured { get; }

    /// <summary>Runs `dotnet test - -no-build` in <paramref name="project"/>; the source fails on purpose, so the exit code is not checked here.</summary>
    public static ProcessResult Test(string project, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        ChildProcess.Run("dotnet", ["test", "--no-build", .. arguments], project, environment);

    /// <summary>
    /// Runs the tests of <paramref name="project"/> for a claim about what its test host records, not about how `dotnet test`
    /// gets there: of a VSTest project (<see cref="V2"/>, <see cref="V3VSTest"/>) `dotnet test` of its built test assembly
    /// (VSTest, the project's adapter and test host, without MSBuild's evaluation of the project, whose VSTest target adds
    /// nothing to a run without runsettings parameters); of <see cref="V3Mtp"/> its built test application itself, which is the
    /// test host under Microsoft.Testing.Platform and takes the options and environment that `dotnet test` passes it. The
    /// source fails on purpose, so the exit code is not checked here.
    /// </summary>
    public ProcessResult RunTests(string project, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        project == V3Mtp
            ? ChildProcess.Run(TestApplication(project) + (OperatingSystem.IsWindows() ? ".exe" : ""), arguments, project, environment)
            : ChildProcess.Run("dotnet", ["test", TestApplication(project) + ".dll", .. arguments], project, environment);

    /// <summary>The test application `dotnet build` made of <paramref name="project"/>, without its extension (its assembly is that plus <c>.dll</c>).</summary>
    private static string TestApplication(string project) => Path.Combine(project, "bin", "Debug", "net10.0", AssemblyName);

    public void Dispose() => PackedFeed.Release();

    /// <summary>A project of the other generation's xUnit with <paramref name="package"/> added, for the build's generation check.</summary>
    public string CreateMismatched(string name, string package, bool v3) => Create(
        name,
        package,
        v3 ? V3MtpReferences : V2References,
        exe: v3);

    /// <summary>The records the xUnit v2 project writes for <see cref="Source"/>, run once into its own store.</summary>
    public List<ResultRecord> V2Records()
    {
        var store = Path.Combine(Folder, "stores", "v2");
        if (!Directory.Exists(store))
        {
            RunTests(V2, [], new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = store });
        }

        var records = Records(store);
        Assert.Equal(Results, records.Count);
        return records;
    }

    /// <summary>The records of the plain tests (<see cref="Source"/>) in <paramref name="store"/>; the model batch beside them is held to v2 by GenerationMatrixTests.</summary>
    public static List<ResultRecord> Records(string store) => [.. new StoreReader(new StoreLayout(store)).Read().Where(r => r.TestClass != BatchClass)];

    /// <summary>The same tests with the same keys, outcomes, arguments, scores and failure types; a record missing from either side fails.</summary>
    public static void AssertSameResults(List<ResultRecord> v2, List<ResultRecord> v3)
    {
        Assert.Equal(Results, v3.Count);
        Assert.Equal(Facts(v2), Facts(v3));
        Assert.Equal(3, v3.Count(r => r.Outcome == TestOutcome.Failed));
        Assert.Equal(1, v3.Count(r => r.Outcome == TestOutcome.Skipped));
        Assert.Contains(v3, r => r.Dimensions?.GetValueOrDefault("prompt") == "émoji 🚀 日本語 \u0000 nul");
        Assert.Contains(v3, r => r.Dimensions?.GetValueOrDefault("model_family") == "claude");
    }

    /// <summary>One line per record of what must be the same under every generation and runner, in order.</summary>
    public static List<string> Facts(List<ResultRecord> records) =>
        [.. records
            .Select(r => string.Join(
                " | ",
                r.CaseKey,
                r.TestClass,
                r.TestMethod,
                r.Outcome,
                r.Model,
                r.ExceptionType,
                r.QualityScore?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                string.Join(";", (r.Dimensions ?? []).OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value}")),
                string.Join(";", (r.Metrics ?? []).OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value}"))))
            .Order(StringComparer.Ordinal)];

    /// <summary>An xUnit v3 project under Microsoft.Testing.Platform: its test application runs MTP, and so does `dotnet test` of it.</summary>
    private string CreateTestingPlatform(string name)
    {
        var project = Create(name, "RunnerHarness.Xunit.v3", V3MtpReferences, exe: true, V3MtpProperties);
        // With the .NET 10 SDK, `dotnet test` runs an MTP project only when global.json names the runner.
        File.WriteAllText(Path.Combine(project, "global.json"), """{ "test": { "runner": "Microsoft.Testing.Platform" } }""");
        return project;
    }

    private string Create(string name, string package, string references, bool exe, string properties = "")
    {
        var project = Path.Combine(Folder, name);
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <IsPackable>false</IsPackable>
                <AssemblyName>{AssemblyName}</AssemblyName>
                {(exe ? "<OutputType>Exe</OutputType>" : "")}
                {properties}
              </PropertyGroup>
              <ItemGroup>
                {references}
              </ItemGroup>
              <ItemGroup>
                <Using Include="Xunit" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "OutcomeTests.cs"), Source);
        File.WriteAllText(Path.Combine(project, "SummaryBatch.cs"), BatchSource);
        // The feed's nuget.config (in the root above the project) adds the packed packages to the user's sources, as
        // `dotnet nuget add source` does in docs/getting-started.md; xUnit comes from the user's sources. The restore is
        // the build's (PackagedConsumer's project shows `dotnet add package` with its own restore): one restore, not two.
        ChildProcess.Run("dotnet", ["add", "package", package, "--version", Feed.Version, "--no-restore"], project).Succeeded();
        return project;
    }

    /// <summary>
    /// Restores and builds <paramref name="projects"/> with one `dotnet build` of a solution of them named <paramref name="name"/>
    /// (one MSBuild start, not one a project); the exit code is not checked here.
    /// </summary>
    public ProcessResult Build(string name, params string[] projects)
    {
        var solution = Path.Combine(Folder, name + ".slnx");
        File.WriteAllText(solution, $"""
            <Solution>
            {string.Concat(projects.Select(p => $"  <Project Path=\"{Path.Combine(p, Path.GetFileName(p) + ".csproj")}\" />\n"))}</Solution>
            """);
        return ChildProcess.Run("dotnet", ["build", solution, "--nologo"], Folder);
    }
}
