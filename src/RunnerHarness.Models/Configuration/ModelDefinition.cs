using RunnerHarness.Models.Pricing;

namespace RunnerHarness.Models.Configuration;

/// <summary>One model of the models file: the name the matrix uses, its provider and the id sent to the API.</summary>
/// <param name="Name">The model name used in the matrix and in records.</param>
/// <param name="Provider">The provider name; also the record's <c>provider</c> column.</param>
/// <param name="ModelId">The id sent to the API. Default in the file: <paramref name="Name"/>.</param>
public sealed record ModelDefinition(string Name, string Provider, string ModelId)
{
    /// <summary>The model's prices from the file's <c>prices</c> entry, or <see langword="null"/> when it gives none (records then have no <c>cost_usd</c>).</summary>
    public ModelPrices? Prices { get; init; }
}
