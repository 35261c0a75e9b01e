using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using RunnerHarness.Settings;

namespace RunnerHarness.Launching;

/// <summary>
/// What a <c>dotnet test</c> command line hands its test host through runsettings: the <c>TestRunParameters</c> and the
/// <c>RunConfiguration/EnvironmentVariables</c> of the <c>--settings</c> (<c>-s</c>) file, then the same given after
/// <c>--</c> (<c>TestRunParameters.Parameter(name="X", value="Y")</c>, <c>RunConfiguration.EnvironmentVariables.X=Y</c>),
/// which win over the file as they do in VSTest.
/// </summary>
/// <param name="Parameters">TestRunParameters by name (case-insensitive).</param>
/// <param name="EnvironmentVariables">Environment variables the test host gets, by name.</param>
/// <param name="SettingsFile">The runsettings file, absolute, or <see langword="null"/>.</param>
internal sealed partial record RunSettingsValues(IReadOnlyDictionary<string, string> Parameters, IReadOnlyDictionary<string, string> EnvironmentVariables, string? SettingsFile)
{
    /// <summary>Reads the runsettings routes of <c>dotnet test</c> <paramref name="arguments"/>; a relative settings file resolves against <paramref name="workingDirectory"/>.</summary>
    /// <exception cref="HarnessSettingsException">The settings file is missing or is not XML; the message names it.</exception>
    public static RunSettingsValues FromTestArguments(IReadOnlyList<string> arguments, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var separator = IndexOfSeparator(arguments);
        var settingsFile = SettingsFileOf(arguments.Take(separator).ToList(), workingDirectory);
        if (settingsFile is not null)
        {
            ReadFile(settingsFile, parameters, environment);
        }

        foreach (var argument in arguments.Skip(separator + 1))
        {
            if (ParameterPattern().Match(argument) is { Success: true } parameter)
            {
                parameters[parameter.Groups["name"].Value] = parameter.Groups["value"].Value;
            }
            else if (EnvironmentPattern().Match(argument) is { Success: true } variable)
            {
                environment[variable.Groups["name"].Value] = variable.Groups["value"].Value;
            }
        }

        return new RunSettingsValues(parameters, environment, settingsFile);
    }

    private static int IndexOfSeparator(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] == "--")
            {
                return i;
            }
        }

        return arguments.Count;
    }

    private static string? SettingsFileOf(List<string> arguments, string workingDirectory)
    {
        string? file = null;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if ((argument is "--settings" or "-s") && i + 1 < arguments.Count)
            {
                file = arguments[++i];
            }
            else if (argument.StartsWith("--settings=", StringComparison.Ordinal) || argument.StartsWith("--settings:", StringComparison.Ordinal))
            {
                file = argument["--settings=".Length..];
            }
        }

        return file is null ? null : Path.GetFullPath(file, workingDirectory);
    }

    private static void ReadFile(string path, Dictionary<string, string> parameters, Dictionary<string, string> environment)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or XmlException)
        {
            throw new HarnessSettingsException($"RunnerHarness: the runsettings file {path} given to dotnet test cannot be read: {ex.Message}", ex);
        }

        var root = document.Root;
        foreach (var parameter in root?.Element("TestRunParameters")?.Elements("Parameter") ?? [])
        {
            if ((string?)parameter.Attribute("name") is { Length: > 0 } name)
            {
                parameters[name] = (string?)parameter.Attribute("value") ?? "";
            }
        }

        foreach (var variable in root?.Element("RunConfiguration")?.Element("EnvironmentVariables")?.Elements() ?? [])
        {
            environment[variable.Name.LocalName] = variable.Value;
        }
    }

    [GeneratedRegex("""^\s*TestRunParameters\.Parameter\(\s*name\s*=\s*"?(?<name>[^",]+)"?\s*,\s*value\s*=\s*"?(?<value>[^"]*)"?\s*\)\s*$""", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterPattern();

    [GeneratedRegex(@"^RunConfiguration\.EnvironmentVariables\.(?<name>[^=]+)=(?<value>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentPattern();
}
