using System.Globalization;
using System.Text.Json;
using RunnerHarness.Matrix;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Planning;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Commands;

/// <summary>
/// <c>progress --matrix FILE --batch CLASS.METHOD</c>: the batch's rows planned exactly as a top-up run plans them
/// (<see cref="BatchRowPlan"/>: the matrix's models placed on the models file's providers by
/// <see cref="ModelProviderAssignment"/>, as the test host's planner places them; the matrix expanded to the target; then the
/// samples the store holds dropped), so <c>to_run</c> is the number of rows that run would execute, cells the store has
/// never seen included.
/// </summary>
internal static class MatrixProgress
{
    /// <summary>Plans the batch and writes its progress; returns the exit code.</summary>
    /// <remarks>
    /// The models file comes as the test host takes it (<see cref="HarnessSettingDefinitions.ModelsConfig"/>):
    /// <paramref name="modelsConfig"/> (<c>--models-config</c>), else its environment variable, else
    /// <c>runner-harness.models.json</c> in the working directory (the test project's, when run from there).
    /// </remarks>
    /// <exception cref="CommandFailedException">The batch name, the matrix or the models file is invalid (<see cref="ExitCodes.UsageError"/>).</exception>
    public static int Run(CliContext context, string matrixPath, string? batch, string? assembly, int target, string storePath, string? modelsConfig, bool json, bool incompleteOnly, bool failIfIncomplete)
    {
        var dot = batch?.LastIndexOf('.') ?? -1;
        if (batch is null || dot <= 0 || dot == batch.Length - 1)
        {
            throw new CommandFailedException(ExitCodes.UsageError, $"--matrix needs --batch CLASS.METHOD, the batch's test class full name and method (e.g. WorkflowBench.Batches.ToolBatch.Run), not '{batch}'.");
        }

        if (target < 1)
        {
            throw new CommandFailedException(ExitCodes.UsageError, $"--target must be 1 or more with --matrix, not {target}.");
        }

        BatchRowPlan plan;
        try
        {
            var origin = new SettingOrigin(SettingSource.CommandLine, "runner-harness progress");
            var modelsVariable = HarnessSettingDefinitions.ModelsConfig.EnvironmentVariable;
            var settings = new HarnessOptions()
                .Set(HarnessSettingDefinitions.StorePath, storePath, origin)
                .Set(HarnessSettingDefinitions.TargetSamples, target.ToString(CultureInfo.InvariantCulture), origin)
                .Set(HarnessSettingDefinitions.ModelsConfig, context.Environment(modelsVariable), new SettingOrigin(SettingSource.EnvironmentVariable, modelsVariable))
                .Set(HarnessSettingDefinitions.ModelsConfig, modelsConfig, new SettingOrigin(SettingSource.CommandLine, "--models-config"))
                .Build(context.WorkingDirectory, context.Clock);
            var models = ModelRunSettings.Resolve(settings, context.WorkingDirectory).Models;
            if (!models.IsBuiltInSimulation)
            {
                context.WriteError($"note: models placed on the providers of the models file {models.SourceDescription}.");
            }

            var matrix = ModelProviderAssignment.Apply(MatrixDefinition.Load(context.ResolvePath(matrixPath)), models, batch);
            var testClass = batch[..dot];
            var testMethod = batch[(dot + 1)..];
            // Held by the test host's rule: a result holds a row only for the model_id the models file asks for now.
            plan = BatchRowPlan.Create(
                matrix, settings, assembly ?? AssemblyOf(context, storePath, testClass, testMethod), testClass, testMethod,
                modelIdOf: row => ModelProviderAssignment.ModelIdOf(row, models));
        }
        catch (Exception ex) when (ex is MatrixDefinitionException or HarnessSettingsException or ModelsConfigurationException)
        {
            throw new CommandFailedException(ExitCodes.UsageError, ex.Message, ex);
        }

        var topUp = plan.TopUp;
        foreach (var problem in topUp.StoreProblems)
        {
            context.WriteError($"warning: {problem}");
        }

        foreach (var item in topUp.ChangedItems)
        {
            context.WriteError($"warning: dataset {item}: a top-up runs its rows again for the new text.");
        }

        if (json)
        {
            WriteJson(context.Out, plan);
        }
        else
        {
            context.WriteLine(plan.Describe()[0]);
            foreach (var cell in topUp.Cells.Where(c => !incompleteOnly || c.Missing > 0))
            {
                context.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {cell.CellLabel}: {cell.Held} of {cell.Rows} held, {cell.Missing} to run"));
            }
        }

        return failIfIncomplete && !topUp.IsComplete ? ExitCodes.GateFailed : ExitCodes.Success;
    }

    /// <summary>
    /// The test assembly of the batch when <c>--assembly</c> is not given: the one the store's records of the batch name.
    /// Case keys include the assembly (the same class in two assemblies is two batches), so it must be known.
    /// </summary>
    private static string AssemblyOf(CliContext context, string storePath, string testClass, string testMethod)
    {
        var assemblies = new SortedSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(storePath))
        {
            var reader = new StoreReader(new StoreLayout(storePath));
            var query = new RecordQuery
            {
                Projection = RecordProjection.Of([RecordColumns.Assembly, RecordColumns.TestClass, RecordColumns.TestMethod]),
                IncludeLiveLogs = true,
                Deduplicate = false,
            };
            foreach (var record in reader.Read(query))
            {
                if (record.Assembly is { Length: > 0 } name && record.TestClass == testClass && record.TestMethod == testMethod)
                {
                    assemblies.Add(name);
                }
            }
        }

        var batch = $"{testClass}.{testMethod}";
        switch (assemblies.Count)
        {
            case 1:
                context.WriteError($"note: planning {batch} of the assembly {assemblies.Min}, the only one whose records of it the store holds (pass --assembly NAME to choose).");
                return assemblies.Min!;
            case 0:
                throw new CommandFailedException(ExitCodes.UsageError,
                    $"The store holds no record of {batch} that names its test assembly; pass --assembly NAME (the test project's assembly name): a batch is its assembly, class and method.");
            default:
                throw new CommandFailedException(ExitCodes.UsageError,
                    $"The store holds records of {batch} from {assemblies.Count} test assemblies ({string.Join(", ", assemblies)}); pass --assembly NAME to choose one.");
        }
    }

    private static void WriteJson(TextWriter output, BatchRowPlan plan)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("batch", plan.Batch);
            json.WriteNumber("target", plan.TopUp.TargetSamples);
            json.WriteNumber("rows", plan.TopUp.RowCount);
            json.WriteNumber("held", plan.TopUp.HeldCount);
            json.WriteNumber("to_run", plan.RowsToRun.Count);
            json.WriteBoolean("complete", plan.TopUp.IsComplete);
            json.WriteStartArray("cells");
            foreach (var cell in plan.TopUp.Cells)
            {
                json.WriteStartObject();
                json.WriteString("cell", cell.CellLabel);
                json.WriteString("cell_key", cell.CellKey);
                json.WriteNumber("rows", cell.Rows);
                json.WriteNumber("held", cell.Held);
                json.WriteNumber("to_run", cell.Missing);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("changed_items");
            foreach (var item in plan.TopUp.ChangedItems)
            {
                json.WriteStartObject();
                json.WriteString("item", item.Item);
                json.WriteString("item_hash", item.CurrentHash);
                json.WriteStartArray("stored_item_hashes");
                foreach (var hash in item.StoredHashes)
                {
                    json.WriteStringValue(hash);
                }

                json.WriteEndArray();
                json.WriteNumber("stored_samples", item.StoredSamples);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.Write(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        output.Write('\n');
    }
}
