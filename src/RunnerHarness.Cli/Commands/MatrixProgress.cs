using System.Globalization;
using System.Text.Json;
using RunnerHarness.Matrix;
using RunnerHarness.Planning;
using RunnerHarness.Settings;

namespace RunnerHarness.Cli.Commands;

/// <summary>
/// <c>progress --matrix FILE --batch CLASS.METHOD</c>: the batch's rows planned exactly as a top-up run plans them
/// (<see cref="BatchRowPlan"/>: the matrix expanded to the target, then the samples the store holds dropped), so
/// <c>to_run</c> is the number of rows that run would execute, cells the store has never seen included.
/// </summary>
internal static class MatrixProgress
{
    /// <summary>Plans the batch and writes its progress; returns the exit code.</summary>
    /// <exception cref="CommandFailedException">The batch name or the matrix is invalid (<see cref="ExitCodes.UsageError"/>).</exception>
    public static int Run(CliContext context, string matrixPath, string? batch, int target, string storePath, bool json, bool incompleteOnly, bool failIfIncomplete)
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
            var matrix = MatrixDefinition.Load(context.ResolvePath(matrixPath));
            var origin = new SettingOrigin(SettingSource.CommandLine, "runner-harness progress");
            var settings = new HarnessOptions()
                .Set(HarnessSettingDefinitions.StorePath, storePath, origin)
                .Set(HarnessSettingDefinitions.TargetSamples, target.ToString(CultureInfo.InvariantCulture), origin)
                .Build(context.WorkingDirectory, context.Clock);
            plan = BatchRowPlan.Create(matrix, settings, batch[..dot], batch[(dot + 1)..]);
        }
        catch (Exception ex) when (ex is MatrixDefinitionException or HarnessSettingsException)
        {
            throw new CommandFailedException(ExitCodes.UsageError, ex.Message, ex);
        }

        var topUp = plan.TopUp;
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
            json.WriteEndObject();
        }

        output.Write(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        output.Write('\n');
    }
}
