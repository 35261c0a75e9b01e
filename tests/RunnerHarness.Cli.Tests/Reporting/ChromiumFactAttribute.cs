namespace RunnerHarness.Cli.Tests.Reporting;

/// <summary>A fact that needs Debian's Chromium at <see cref="Path"/>; skipped, saying so, only when it is not there.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Where the browser tests expect Chromium (.ci/run apt-installs it).</summary>
    public const string Path = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Path))
        {
            Skip = $"{Path} is missing: install it with 'apt-get update && apt-get install -y chromium' (.ci/run does).";
        }
    }
}
