using RunnerHarness.Settings;

namespace RunnerHarness.Xunit.Configuration;

/// <summary>The settings of a run and notes for the user about how they were found.</summary>
/// <param name="Settings">The validated settings.</param>
/// <param name="Notes">Lines to show at start, e.g. which runsettings parameters were bridged.</param>
internal sealed record LoadedSettings(HarnessSettings Settings, IReadOnlyList<string> Notes);
