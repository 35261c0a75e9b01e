namespace RunnerHarness.Aggregation;

/// <summary>A model's success rate run after run, in time order.</summary>
/// <param name="Model">The model (its <c>model</c> column); <see langword="null"/> for records without one.</param>
/// <param name="Runs">The runs that have model results of the model, earliest first.</param>
internal sealed record ModelTrend(string? Model, IReadOnlyList<RunPoint> Runs);
