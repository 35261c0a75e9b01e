using RunnerHarness.Matrix;

namespace RunnerHarness.Models.Configuration;

/// <summary>
/// Puts a matrix's models on the providers the models file names (design contract 6: the record's <c>provider</c> is
/// the file's). A matrix that names another provider for a model fails, naming both; without a models file the matrix
/// is unchanged.
/// </summary>
/// <remarks>
/// The one placement of a batch's planning: the test host's planner and <c>runner-harness progress --matrix</c> both
/// call it, so the progress report keys its cells exactly as the top-up run it mirrors.
/// </remarks>
internal static class ModelProviderAssignment
{
    /// <exception cref="MatrixDefinitionException">The matrix puts a model on another provider than the models file.</exception>
    public static MatrixDefinition Apply(MatrixDefinition matrix, ModelsConfiguration? models, string batch)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (models is null || models.IsBuiltInSimulation || matrix.Models.Count == 0)
        {
            return matrix;
        }

        var providers = new Dictionary<string, string>(matrix.Providers, StringComparer.Ordinal);
        foreach (var model in matrix.Models)
        {
            if (!models.Models.TryGetValue(model, out var definition))
            {
                continue;
            }

            if (matrix.Providers.TryGetValue(model, out var declared) && !string.Equals(declared, definition.Provider, StringComparison.Ordinal))
            {
                throw new MatrixDefinitionException(
                    $"the matrix of {batch} puts the model '{model}' on the provider '{declared}', but the models file {models.SourceDescription} puts it on '{definition.Provider}'. " +
                    "The models file decides where a model runs: remove the model from the matrix's providers, or make the two agree.");
            }

            providers[model] = definition.Provider;
        }

        // A model the file does not name fails the run at start (ModelsConfiguration.CheckReady); until then a partial
        // assignment would make an invalid matrix, so the matrix stays as declared.
        return providers.Count == matrix.Models.Count ? matrix with { Providers = providers } : matrix;
    }

    /// <summary>
    /// The <c>model_id</c> the models file asks <paramref name="row"/>'s model for, or <see langword="null"/> when no file
    /// names it (then any stored result holds the row, <see cref="Aggregation.SampleHoldings.SameModel"/>). The one lookup of
    /// the test host's planner and <c>progress --matrix</c>, so both count a sample held by the same rule.
    /// </summary>
    public static string? ModelIdOf(MatrixSample row, ModelsConfiguration? models)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Model is { } model && models is not null && models.Models.TryGetValue(model, out var definition) ? definition.ModelId : null;
    }
}
