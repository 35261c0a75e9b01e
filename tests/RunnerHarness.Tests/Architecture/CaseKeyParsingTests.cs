namespace RunnerHarness.Tests.Architecture;

/// <summary>
/// A <c>case_key</c> is split into cell and sample in one place, <c>Matrix/CaseKey.cs</c>: the store's summaries take the
/// split from the holdings rule, top-up and holdings from <c>CaseKey</c>. Once two copies of the split drifted apart
/// (<c>CaseKey.CellOf</c> and the summaries' own parser); this fails when a second one appears in any project.
/// </summary>
public sealed class CaseKeyParsingTests
{
    // The sample part's marker as a string literal: what a parser of the key searches for.
    private const string SampleMarkerLiteral = "\"|#\"";

    [Fact]
    public void SampleMarker_IsSearchedForInCaseKeyOnly()
    {
        var src = RepositoryFolder.PathOf("src");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadLines(f).Any(line => line.Contains(SampleMarkerLiteral, StringComparison.Ordinal) && !line.TrimStart().StartsWith("//", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(src, f).Replace(Path.DirectorySeparatorChar, '/'))
            .ToList();

        Assert.Equal(["RunnerHarness/Matrix/CaseKey.cs"], files);
    }
}
