using System.Globalization;
using System.Reflection;
using RunnerHarness.Launching;
using RunnerHarness.Matrix;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Planning;
using RunnerHarness.Xunit.Configuration;
using RunnerHarness.Xunit.Recording;
#if XUNIT_V3
using DataAttribute = Xunit.v3.IDataAttribute;
#else
using DataAttribute = Xunit.Sdk.DataAttribute;
#endif

namespace RunnerHarness.Xunit.Batches;

/// <summary>
/// Plans a model batch's rows with the run's settings and announces the plan to the user
/// (<c>[RunnerHarness] plan Class.Method: N rows to run</c>, optionally followed by <c> (shard i/n)</c> and more text, where
/// N is the number of rows this process executes). Under a launcher, the plan also goes to the run's plan folder
/// (<see cref="RunPlanLog"/>), which is what the launcher reads.
/// </summary>
internal static class ModelBatchPlanner
{
    /// <summary>The prefix of the plan line.</summary>
    public const string PlanPrefix = "[RunnerHarness] plan ";

    /// <summary>
    /// Plans <paramref name="testClass"/>.<paramref name="method"/>'s rows now, against the store as it is now, and announces
    /// the plan; with <paramref name="selectedCells"/> (the cells a test filter selected), only those cells' rows.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The assembly does not run under the recording framework, the method does not take one <see cref="ModelCase"/>, or it
    /// has another data attribute.
    /// </exception>
    /// <exception cref="MatrixDefinitionException">The matrix is invalid, or filters and exclusions leave no rows.</exception>
    public static BatchRowPlan Plan(ModelMatrixAttribute attribute, Assembly assembly, string testClass, MethodInfo method, IReadOnlyCollection<MatrixSample>? selectedCells = null)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        ArgumentNullException.ThrowIfNull(method);
        var batch = $"{testClass}.{method.Name}";
        var session = RecordingSession.Of(assembly) ?? throw new InvalidOperationException(
            $"RunnerHarness: {batch} is a model batch ([ModelMatrix]) but {assembly.GetName().Name} does not run under the RunnerHarness recording " +
            "test framework, which plans its rows against the store; import the package's build files and do not set RunnerHarnessDisableFramework.");
        if (session.StartupError is { } startupError)
        {
            throw new InvalidOperationException($"RunnerHarness: {batch} cannot be planned: {startupError.Message}", startupError);
        }

        var parameters = method.GetParameters();
        if (parameters.Length != 1 || parameters[0].ParameterType != typeof(ModelCase))
        {
            throw new InvalidOperationException(
                $"RunnerHarness: the model batch {batch} must take exactly one parameter of type {nameof(ModelCase)}; it takes ({string.Join(", ", parameters.Select(p => $"{p.ParameterType.Name} {p.Name}"))}).");
        }

        if (method.GetCustomAttributes().OfType<DataAttribute>().FirstOrDefault(a => a is not ModelMatrixAttribute) is { } otherData)
        {
            throw new InvalidOperationException($"RunnerHarness: the model batch {batch} takes its rows from [ModelMatrix] only; remove [{otherData.GetType().Name}].");
        }

        try
        {
            var matrix = ModelProviderAssignment.Apply(attribute.ToDefinition(HarnessSettingsLoader.ProjectDirectoryOf(assembly), batch), session.ModelSettings?.Models, batch);
            // A stored result holds a row only for the model_id the models file asks for now (a new snapshot runs again).
            var models = session.ModelSettings?.Models;
            var plan = BatchRowPlan.Create(
                matrix, session.Settings!, session.AssemblyName, testClass, method.Name, selectedCells,
                row => ModelProviderAssignment.ModelIdOf(row, models));
            session.Announcer.Info(Describe(plan));
            if (session.PlanDirectory is { } planDirectory)
            {
                WritePlan(session, planDirectory, plan);
            }

            return plan;
        }
        catch (MatrixDefinitionException ex)
        {
            session.Announcer.Error($"[RunnerHarness] error {batch}: {ex.Message}");
            throw;
        }
    }

    /// <summary>
    /// Every model batch ([ModelMatrix] theory) in <paramref name="assembly"/> with its matrix, models placed on the
    /// providers of <paramref name="models"/>. A batch whose matrix is invalid is left out; it fails with the reason when it runs.
    /// </summary>
    public static IReadOnlyList<ModelBatch> BatchesOfAssembly(Assembly assembly, ModelsConfiguration? models)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        Type?[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            // Types that failed to load cannot hold tests that run either; the others still count.
            types = ex.Types;
        }

        var projectDirectory = HarnessSettingsLoader.ProjectDirectoryOf(assembly);
        var batches = new List<ModelBatch>();
        foreach (var method in types.OfType<Type>().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)))
        {
            if (method.GetCustomAttribute<ModelMatrixAttribute>() is not { } attribute)
            {
                continue;
            }

            var testClass = method.DeclaringType?.FullName ?? "";
            var batch = $"{testClass}.{method.Name}";
            try
            {
                batches.Add(new ModelBatch(testClass, method.Name, ModelProviderAssignment.Apply(attribute.ToDefinition(projectDirectory, batch), models, batch)));
            }
            catch (MatrixDefinitionException)
            {
                // Reported when the batch runs.
            }
        }

        return batches;
    }

    private static void WritePlan(RecordingSession session, string planDirectory, BatchRowPlan plan)
    {
        try
        {
            RunPlanLog.Append(planDirectory, new PlannedBatch(plan.Batch, session.Settings!.Shard?.ToString(), plan.RowsToRun.Count));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The rows still run and are recorded; only the launcher's progress view lacks this batch's total.
            session.Announcer.Error($"RunnerHarness: the plan of {plan.Batch} could not be written to {planDirectory}: {ex.Message}");
        }
    }

    private static string Describe(BatchRowPlan plan)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{PlanPrefix}{plan.Batch}: {plan.RowsToRun.Count} rows to run");
        if (plan.Shard is { } shard)
        {
            line += $" (shard {shard})";
        }

        return $"{line}. {string.Join(" ", plan.Describe())}";
    }
}
