using System.Globalization;
using System.Text.Json;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Interop;

/// <summary>
/// Imports the seed's <c>master_database.json</c> (format 3.0). It holds aggregates, not results, so the
/// import is lossy by nature: each leaf (model / prompt type / tool success rate / difficulty / task type)
/// becomes as many records as its <c>total</c>, with the leaf's full, partial and failed counts, its
/// error counts assigned to failures first and then to partial successes (the seed counted every test
/// that was not a full success as an error), and the leaf's means as every record's value (so means
/// survive exactly; turns and tool calls are rounded to whole numbers). Every such record has
/// <c>reconstructed = true</c> and no <c>case_key</c>, so top-up never counts it. Ids derive from the
/// leaf and the record's place in it, and a record the store holds already with the same content is skipped, so importing
/// the same file twice adds nothing; one it holds with other content (another file's leaf) refuses the import.
/// </summary>
internal sealed class MasterDatabaseImporter
{
    // What to do about records rebuilt under ids the store holds with other content.
    private const string ConflictRemedy =
        "The store holds records rebuilt from another master_database.json under the same leaves: import this one into another store, or remove the other copies first";

    private static readonly string[] ErrorCategoriesInOrder =
        [ErrorCategory.ToolCallFormat, ErrorCategory.Timeout, ErrorCategory.MaxTurns, ErrorCategory.ToolSelection,
         ErrorCategory.ParameterConfig, ErrorCategory.SequenceOrder, ErrorCategory.Dependency, ErrorCategory.Other];

    /// <summary>Creates an importer into the store at <paramref name="layout"/>.</summary>
    public MasterDatabaseImporter(StoreLayout layout) => Layout = layout ?? throw new ArgumentNullException(nameof(layout));

    /// <summary>The store imported into.</summary>
    public StoreLayout Layout { get; }

    /// <summary>Rebuilds the records of <paramref name="path"/> under run <paramref name="runId"/>, sealed in <paramref name="format"/>.</summary>
    /// <param name="path">The <c>master_database.json</c>.</param>
    /// <param name="runId">The run id of the rebuilt records.</param>
    /// <param name="format">The format they are sealed in.</param>
    /// <param name="limits">Caps on the file and the records rebuilt. Default: <see cref="MasterDatabaseImportLimits"/>'s defaults.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">
    /// The file is not a master database (no <c>models</c> object), exceeds a limit, or holds a value out
    /// of range (a negative or non-integral count, a rate outside 0..1, a mean that is not finite); the
    /// message names the JSON path of each bad value. Nothing was written.
    /// </exception>
    public ImportResult Import(string path, string runId, StorageFormat format, MasterDatabaseImportLimits? limits = null)
    {
        limits ??= new MasterDatabaseImportLimits();
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The master database to import, {path}, does not exist.", path);
        }

        var size = new FileInfo(path).Length;
        if (size > limits.MaxFileBytes)
        {
            throw new FormatException($"{path} is {size} bytes, above the import limit of {limits.MaxFileBytes} bytes; raise the limit (--max-file-bytes) if the file is genuine. Nothing was written.");
        }

        using var document = ParseDocument(path);
        if (!document.RootElement.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{path} is not a master_database.json: it has no 'models' object.");
        }

        MasterDatabaseValidation.Check(path, Leaves(models), limits);

        // Rebuilt twice from the parsed document: checked whole against the store, then written without the records it holds.
        var problems = new List<StoreProblem>();
        var conflicts = new ImportConflictCheck(ConflictRemedy);
        var repeats = new HashSet<long>();
        var position = 0L;
        foreach (var leaf in Leaves(models))
        {
            foreach (var record in Rebuild(leaf, path, problems))
            {
                if (!conflicts.AddIncoming(record, $"the leaf {leaf}"))
                {
                    repeats.Add(position);
                }

                position++;
            }
        }

        // Under the lock every import holds from its check until its records are sealed.
        using var importLock = ImportLock.Acquire(Layout, JsonLinesImporter.LockPatience, TimeProvider.System);
        conflicts.CheckAgainst(Layout, path);

        // The input is durable already: its records go straight into sealed files, with no write-ahead log in between.
        position = 0;
        var summary = new BulkRecordWriter(Layout, SampleHoldings.Rule, format, new WriterIdentity(runId, "import")).Write(
            Leaves(models).SelectMany(leaf => Rebuild(leaf, path, problems: []))
                .Where(record => !repeats.Contains(position++) && !conflicts.IsAlreadyStored(record.RecordId))
                .Select(record => (record, (IReadOnlyList<TranscriptMessage>?)null)));
        return new ImportResult(summary.RecordCount, summary.SealedFiles, problems) { AlreadyStored = conflicts.AlreadyStored, RepeatedInInput = repeats.Count };
    }

    private static JsonDocument ParseDocument(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{path} is not valid JSON: {ex.Message}", ex);
        }
    }

    internal static IEnumerable<Leaf> Leaves(JsonElement models)
    {
        foreach (var model in models.EnumerateObject())
        {
            foreach (var prompt in Children(model.Value, "by_prompt_type"))
            {
                foreach (var rate in Children(prompt.Value, "by_tool_success_rate"))
                {
                    foreach (var difficulty in Children(rate.Value, "by_difficulty"))
                    {
                        foreach (var task in Children(difficulty.Value, "by_task_type"))
                        {
                            yield return new Leaf(model.Name, prompt.Name, rate.Name, difficulty.Name, task.Name, task.Value);
                        }
                    }
                }
            }
        }
    }

    private static List<JsonProperty> Children(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var children) && children.ValueKind == JsonValueKind.Object
            ? [.. children.EnumerateObject()]
            : [];

    private static IEnumerable<ResultRecord> Rebuild(Leaf leaf, string path, List<StoreProblem> problems)
    {
        var stats = leaf.Statistics;
        var total = Count(stats, "total");
        var full = Count(stats, "full_success");
        var partial = Count(stats, "partial_success") ?? Count(stats, "partial");
        var failed = Count(stats, "failed") ?? Count(stats, "failure");
        if (total is null || full is null || partial is null || (failed ??= total - full - partial) < 0 || full + partial + failed != total)
        {
            problems.Add(new StoreProblem(StoreProblemKind.BadLine, path,
                $"the leaf {leaf} has counts that do not add up (total {total}, full_success {full}, partial {partial}, failed {failed}) and is skipped"));
            yield break;
        }

        var categories = ErrorQueue(stats, failed.Value + partial.Value);
        var rate = double.TryParse(leaf.Rate, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsedRate) ? parsedRate : (double?)null;
        for (var index = 0; index < total; index++)
        {
            var level = index < full ? SuccessLevel.FullSuccess : index < full + partial ? SuccessLevel.PartialSuccess : SuccessLevel.Failure;

            // Failures take categories first, from the end of the leaf backwards, then partial successes.
            var fromEnd = total.Value - 1 - index;
            var category = level == SuccessLevel.FullSuccess || fromEnd >= categories.Count ? null : categories[(int)fromEnd];
            yield return new ResultRecord
            {
                RecordId = DeterministicRecordId.From("master-database", leaf.Model, leaf.PromptType, leaf.Rate, leaf.Difficulty, leaf.TaskType, index.ToString(CultureInfo.InvariantCulture)),
                Outcome = level == SuccessLevel.Failure ? TestOutcome.Failed : TestOutcome.Passed,
                Model = leaf.Model,
                PromptType = leaf.PromptType,
                ToolSuccessRate = rate,
                Difficulty = leaf.Difficulty,
                TaskType = leaf.TaskType,
                SuccessLevel = level,
                ErrorCategory = category,
                DurationMs = Number(stats, "avg_execution_time") * 1000,
                Turns = Whole(Number(stats, "avg_turns")),
                ToolCalls = Whole(Number(stats, "avg_tool_calls")),
                ToolCoverageRate = Number(stats, "tool_coverage_rate") ?? Number(stats, "avg_tool_coverage_rate"),
                WorkflowScore = Number(stats, "avg_workflow_score"),
                Phase2Score = Number(stats, "avg_phase2_score"),
                QualityScore = Number(stats, "avg_quality_score"),
                FinalScore = Number(stats, "avg_final_score"),
                Reconstructed = true,
            };
        }
    }

    private static List<string> ErrorQueue(JsonElement stats, long errorSlots)
    {
        var queue = new List<string>();
        foreach (var category in ErrorCategoriesInOrder)
        {
            var count = Count(stats, category + "_errors") ?? 0;
            for (var i = 0; i < count && queue.Count < errorSlots; i++)
            {
                queue.Add(category);
            }
        }

        return queue;
    }

    private static long? Count(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) ? count : null;

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static int? Whole(double? value) => value is { } v ? (int)Math.Round(v, MidpointRounding.AwayFromZero) : null;

    internal sealed record Leaf(string Model, string PromptType, string Rate, string Difficulty, string TaskType, JsonElement Statistics)
    {
        public override string ToString() => $"{Model} / {PromptType} / {Rate} / {Difficulty} / {TaskType}";

        /// <summary>The JSON path of the leaf's statistics, e.g. <c>$.models["m"].by_prompt_type["p"]...</c>.</summary>
        public string JsonPath =>
            $"$.models[{Quoted(Model)}].by_prompt_type[{Quoted(PromptType)}].by_tool_success_rate[{Quoted(Rate)}].by_difficulty[{Quoted(Difficulty)}].by_task_type[{Quoted(TaskType)}]";

        private static string Quoted(string name) => JsonSerializer.Serialize(name);
    }
}
