using Microsoft.Testing.Platform.CommandLine;
using Microsoft.Testing.Platform.Extensions;
using Microsoft.Testing.Platform.Extensions.CommandLine;
using RunnerHarness.Settings;

namespace RunnerHarness.Xunit.TestingPlatform;

/// <summary>
/// One Microsoft.Testing.Platform command-line option per harness setting, made from <see cref="HarnessSettingDefinitions.All"/>
/// (<see cref="SettingDefinition.CommandLineOption"/>), so a new setting is an option without a line here. A value is checked
/// by the same rules as every other route, before any test runs; MTP refuses the run with the message.
/// </summary>
internal sealed class HarnessCommandLineOptionsProvider : ICommandLineOptionsProvider
{
    private static readonly CommandLineOption[] Options =
        [.. HarnessSettingDefinitions.All.Select(s => new CommandLineOption(
            s.CommandLineOption, $"{s.Description} Also set by the environment variable {s.EnvironmentVariable}.", ArgumentArity.ExactlyOne, isHidden: false))];

    /// <inheritdoc/>
    public string Uid => "RunnerHarness.CommandLineOptions";

    /// <inheritdoc/>
    public string Version => typeof(HarnessCommandLineOptionsProvider).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <inheritdoc/>
    public string DisplayName => "RunnerHarness";

    /// <inheritdoc/>
    public string Description => "The RunnerHarness settings: where and how test results are recorded, and which rows of model batches run (docs/configuration.md).";

    /// <inheritdoc/>
    public Task<bool> IsEnabledAsync() => Task.FromResult(true);

    /// <inheritdoc/>
    public IReadOnlyCollection<CommandLineOption> GetCommandLineOptions() => Options;

    /// <inheritdoc/>
    public Task<ValidationResult> ValidateOptionArgumentsAsync(CommandLineOption commandOption, string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(commandOption);
        ArgumentNullException.ThrowIfNull(arguments);
        var setting = HarnessSettingDefinitions.All.Single(s => s.CommandLineOption == commandOption.Name);
        var option = "--" + setting.CommandLineOption;
        if (arguments is not [var value] || string.IsNullOrWhiteSpace(value))
        {
            return ValidationResult.InvalidTask($"RunnerHarness: the option {option} needs a value. {setting.Description}");
        }

        try
        {
            // The rules of every route (HarnessSettings): the message names the option, the value and what is valid.
            new HarnessOptions()
                .Set(setting, value, new SettingOrigin(SettingSource.CommandLine, option))
                .Build(Environment.CurrentDirectory);
            return ValidationResult.ValidTask;
        }
        catch (HarnessSettingsException ex)
        {
            return ValidationResult.InvalidTask(ex.Message);
        }
    }

    /// <inheritdoc/>
    public Task<ValidationResult> ValidateCommandLineOptionsAsync(ICommandLineOptions commandLineOptions) => ValidationResult.ValidTask;
}
