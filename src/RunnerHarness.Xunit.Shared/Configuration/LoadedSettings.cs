using RunnerHarness.Settings;

namespace RunnerHarness.Xunit.Configuration;

/// <summary>The settings of a run and notes for the user about how they were found.</summary>
/// <param name="Settings">The validated settings.</param>
/// <param name="Notes">Lines to show at start, e.g. which runsettings parameters were bridged.</param>
/// <param name="PlanDirectory">Where model batches write their plans for the launcher (<see cref="RunnerHarness.Launching.RunPlanLog"/>), or <see langword="null"/> without a launcher.</param>
internal sealed record LoadedSettings(HarnessSettings Settings, IReadOnlyList<string> Notes, string? PlanDirectory);
