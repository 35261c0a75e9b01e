using System.Xml.Linq;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>The results of a TRX file written by `dotnet test --logger trx`: test name to outcome.</summary>
public static class TrxFile
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    /// <summary>Every UnitTestResult as (testName, outcome), outcome mapped to the store's spelling.</summary>
    public static IReadOnlyList<(string Name, string Outcome)> Read(string directory)
    {
        var file = Directory.EnumerateFiles(directory, "*.trx", SearchOption.AllDirectories).Single();
        return XDocument.Load(file).Descendants(Ns + "UnitTestResult")
            .Select(r => ((string)r.Attribute("testName")!, (string)r.Attribute("outcome")! switch
            {
                "Passed" => "passed",
                "Failed" => "failed",
                "NotExecuted" => "skipped",
                var other => other,
            }))
            .ToList();
    }
}
