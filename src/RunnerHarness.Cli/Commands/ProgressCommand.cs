using System.CommandLine;
using RunnerHarness.Aggregation;
using RunnerHarness.Cli.Options;
using RunnerHarness.Cli.Rendering;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Schema;
using RunnerHarness.Settings;

namespace RunnerHarness.Cli.Commands;

/// <summary><c>progress</c>: per group, samples held against a target per matrix cell and what a top-up run would execute.</summary>
public static class ProgressCommand
{
    private const string Description = """
        Per group of --group-by, the samples the store holds against --target for each matrix cell in it,
        and what a top-up run would execute. Holdings are top-up's own: a sample is its case_key and
        counts when its test passed or failed as a model result; skipped tests and infrastructure
        failures (rate_limited, provider_error, harness_error) do not, so a top-up runs them again. A
        matrix cell is the case_key without its sample: batches or providers that share the grouped
        values are counted apart, so --fail-if-incomplete passes only when top-up has nothing to run
        for the cells seen. Groups come from the store; --expect adds the values of a dimension the
        store may not have yet (a group without records counts as one cell).

        With --matrix FILE --batch CLASS.METHOD, the batch's matrix file is planned exactly as a top-up
        run plans it (every cell of the matrix, seen or not, expanded to --target samples; the samples
        the store holds dropped), and to_run is the number of rows that run would execute. Grouping,
        --expect and record filters do not apply there. A batch is its test assembly, class and method:
        --assembly NAME names the assembly (default: the one whose records of the batch the store holds).
        Models are placed on the providers of the models file as the test run places them: --models-config
        FILE, else RUNNER_HARNESS_MODELS_CONFIG, else runner-harness.models.json in the current directory.

        Examples:
          runner-harness progress --target 10
          runner-harness progress --target 10 --expect model=gpt-4o-mini,gpt-5-mini --incomplete-only
          runner-harness progress --target 5 --group-by model,prompt_type --json
          runner-harness progress --target 3 --matrix matrix.json --batch WorkflowBench.Batches.ToolBatch.Run --fail-if-incomplete
        """;

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var store = StoreOption.Create();
        var target = new Option<int>("--target", "-t") { Description = "Samples wanted per cell.", Required = true, HelpName = "N" };
        var groupBy = GroupByOption.Create(GroupByOption.Describe(GroupByOption.Default));
        var expect = new Option<string[]>("--expect")
        {
            Description = "The values a dimension must cover, key=v1,v2 (repeatable). The cells are every combination of these and, for other dimensions, the values in the store.",
            HelpName = "KEY=VALUES",
        };
        var incompleteOnly = new Option<bool>("--incomplete-only") { Description = "List only cells short of the target." };
        var failIfIncomplete = new Option<bool>("--fail-if-incomplete") { Description = $"Exit with {ExitCodes.GateFailed} when a cell is short of the target." };
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var matrix = new Option<string>("--matrix") { Description = "A batch's matrix file: report what a top-up run of that batch would execute (needs --batch).", HelpName = "FILE" };
        var batch = new Option<string>("--batch") { Description = "The batch of --matrix, as its test class full name and method: CLASS.METHOD.", HelpName = "CLASS.METHOD" };
        var assembly = new Option<string>("--assembly")
        {
            Description = "The test assembly of --batch (a batch is its assembly, class and method). Default: the one assembly whose records of the batch the store holds.",
            HelpName = "NAME",
        };
        var modelsConfig = new Option<string>("--models-config")
        {
            Description = $"The models file of --matrix's batch, whose providers its models run on (as the test run takes it). Default: ${HarnessSettingDefinitions.ModelsConfig.EnvironmentVariable}, else {ModelRunSettings.DefaultModelsFileName} in the current directory.",
            HelpName = "FILE",
        };
        var filters = new FilterOptions();

        var command = new Command("progress", Description);
        command.Options.Add(store);
        command.Options.Add(target);
        command.Options.Add(groupBy);
        command.Options.Add(expect);
        command.Options.Add(incompleteOnly);
        command.Options.Add(failIfIncomplete);
        command.Options.Add(json);
        command.Options.Add(matrix);
        command.Options.Add(batch);
        command.Options.Add(assembly);
        command.Options.Add(modelsConfig);
        filters.AddTo(command);
        command.SetAction(parse =>
        {
            var wanted = parse.GetValue(target);
            if (wanted < 0)
            {
                throw new CommandFailedException(ExitCodes.UsageError, "--target must be 0 or more.");
            }

            if (parse.GetValue(matrix) is { } matrixFile)
            {
                if (parse.GetResult(groupBy) is { Implicit: false } || parse.GetResult(expect) is { Implicit: false } || filters.Build(parse).Descriptions.Count > 0)
                {
                    throw new CommandFailedException(ExitCodes.UsageError, "--matrix plans the batch's whole matrix as top-up does; --group-by, --expect and record filters do not apply to it.");
                }

                return MatrixProgress.Run(
                    context, matrixFile, parse.GetValue(batch), parse.GetValue(assembly), wanted, context.FindStore(parse.GetValue(store)), parse.GetValue(modelsConfig),
                    parse.GetValue(json), parse.GetValue(incompleteOnly), parse.GetValue(failIfIncomplete));
            }

            if (parse.GetValue(assembly) is { } loneAssembly)
            {
                throw new CommandFailedException(ExitCodes.UsageError, $"--assembly {loneAssembly} names the test assembly of a matrix file's batch; give the file with --matrix FILE and the batch with --batch CLASS.METHOD.");
            }

            if (parse.GetValue(modelsConfig) is { } loneModels)
            {
                throw new CommandFailedException(ExitCodes.UsageError, $"--models-config {loneModels} places the models of a matrix file's batch; give the file with --matrix FILE and the batch with --batch CLASS.METHOD.");
            }

            if (parse.GetValue(batch) is { } lone)
            {
                throw new CommandFailedException(ExitCodes.UsageError, $"--batch {lone} names the batch of a matrix file; give the file with --matrix FILE.");
            }

            var dimensions = GroupByOption.Parse(parse.GetValue(groupBy), GroupByOption.Default);
            var expected = ParseExpect(parse.GetValue(expect), dimensions);
            var (filter, _) = filters.Build(parse);
            var records = StoreRecords.Open(context, context.FindStore(parse.GetValue(store)));
            var tracker = new SampleProgressTracker(dimensions);
            var seenValues = dimensions.Select(_ => new HashSet<string?>(StringComparer.Ordinal)).ToArray();
            var itemVersions = new ItemVersionCheck();
            foreach (var record in records.Read(tracker.Columns.Union(ItemVersionCheck.Columns, StringComparer.Ordinal), filter))
            {
                tracker.Add(record);
                itemVersions.Add(record);
                for (var i = 0; i < dimensions.Count; i++)
                {
                    seenValues[i].Add(RecordDimensions.ValueOf(record, dimensions[i]));
                }
            }

            records.ReportProblems();
            ItemVersionWarnings.Write(context, records, filter, itemVersions);
            var cells = tracker.Build(wanted, expected.Count == 0 ? null : Combinations(dimensions, expected, seenValues));
            if (parse.GetValue(json))
            {
                ProgressRenderer.WriteJson(context.Out, dimensions, wanted, cells);
            }
            else
            {
                new ProgressRenderer(context.Console, context.PlainOutput).Render(dimensions, cells, parse.GetValue(incompleteOnly));
            }

            return parse.GetValue(failIfIncomplete) && cells.Any(c => !c.IsComplete) ? ExitCodes.GateFailed : ExitCodes.Success;
        });
        return command;
    }

    private static Dictionary<string, string[]> ParseExpect(string[]? values, IReadOnlyList<string> dimensions)
    {
        var expected = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var pair in values ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals > 0 ? pair[..equals].Trim() : string.Empty;
            if (equals <= 0 || !dimensions.Contains(key))
            {
                throw new CommandFailedException(ExitCodes.UsageError, $"--expect '{pair}' must be key=v1,v2 with a key among the grouping: {string.Join(", ", dimensions)}.");
            }

            expected[key] = pair[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        return expected;
    }

    private static IEnumerable<IReadOnlyList<string?>> Combinations(IReadOnlyList<string> dimensions, Dictionary<string, string[]> expected, HashSet<string?>[] seen)
    {
        IEnumerable<IReadOnlyList<string?>> combinations = [[]];
        for (var i = 0; i < dimensions.Count; i++)
        {
            var values = expected.TryGetValue(dimensions[i], out var given) ? given.Select(v => (string?)v).ToArray() : seen[i].ToArray();
            combinations = combinations.SelectMany(prefix => values.Select(v => (IReadOnlyList<string?>)[.. prefix, v])).ToArray();
        }

        return combinations;
    }
}
