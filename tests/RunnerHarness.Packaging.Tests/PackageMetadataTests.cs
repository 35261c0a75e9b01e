using System.IO.Compression;
using System.Xml.Linq;

namespace RunnerHarness.Packaging.Tests;

/// <summary>What nuget.org and `dotnet tool install` show of each package: its nuspec and files.</summary>
[Collection(PackedPackages.Name)]
public sealed class PackageMetadataTests(PackagedConsumer consumer)
{
    [Theory]
    [InlineData("RunnerHarness.Store")]
    [InlineData("RunnerHarness")]
    [InlineData("RunnerHarness.Xunit")]
    [InlineData("RunnerHarness.Xunit.v3")]
    [InlineData("RunnerHarness.Models")]
    [InlineData("RunnerHarness.Cli")]
    [InlineData("RunnerHarness.ObjectStorage")]
    public void Package_Nuspec_HasCompleteMetadata(string id)
    {
        using var package = ZipFile.OpenRead(consumer.Feed.PackagePath(id));
        var metadata = Metadata(package);

        Assert.Equal(id, Value(metadata, "id"));
        Assert.Equal(consumer.Feed.Version, Value(metadata, "version"));
        Assert.True(Value(metadata, "description").Length > 40, $"{id}: the description is too short to say what it is");
        Assert.Equal("MIT", Value(metadata, "license"));
        Assert.Equal("expression", metadata.Element(metadata.Name.Namespace + "license")!.Attribute("type")!.Value);
        Assert.Equal("README.md", Value(metadata, "readme"));
        Assert.Contains($"# ", ReadEntry(package, "README.md"), StringComparison.Ordinal);
        var repository = metadata.Element(metadata.Name.Namespace + "repository")!;
        Assert.Equal("git", repository.Attribute("type")!.Value);
        Assert.StartsWith("https://", repository.Attribute("url")!.Value, StringComparison.Ordinal);
        Assert.Contains("llm", Value(metadata, "tags").Split(' '));
        Assert.NotEmpty(Value(metadata, "projectUrl"));
    }

    [Fact]
    public void CorePackage_DependsOnTheStorePackageOfTheSameVersion_WhichDependsOnNoPackageOfTheRepository()
    {
        using var core = ZipFile.OpenRead(consumer.Feed.PackagePath("RunnerHarness"));
        using var store = ZipFile.OpenRead(consumer.Feed.PackagePath("RunnerHarness.Store"));

        var storeDependency = Metadata(core).Descendants().Single(e => e.Name.LocalName == "dependency" && e.Attribute("id")!.Value == "RunnerHarness.Store");
        Assert.Equal(consumer.Feed.Version, storeDependency.Attribute("version")!.Value);
        Assert.Contains(core.Entries, e => e.FullName == "lib/net10.0/RunnerHarness.dll");
        Assert.DoesNotContain(core.Entries, e => e.FullName.EndsWith("RunnerHarness.Store.dll", StringComparison.Ordinal));
        Assert.Contains(store.Entries, e => e.FullName == "lib/net10.0/RunnerHarness.Store.dll");
        Assert.DoesNotContain(
            Metadata(store).Descendants().Where(e => e.Name.LocalName == "dependency"),
            e => e.Attribute("id")!.Value.StartsWith("RunnerHarness", StringComparison.Ordinal));
    }

    [Fact]
    public void ObjectStoragePackage_DependsOnTheStoreOfTheSameVersionAndTheCloudSdks_WhichNoOtherLibraryPackageDoes()
    {
        using var objectStorage = ZipFile.OpenRead(consumer.Feed.PackagePath("RunnerHarness.ObjectStorage"));

        var dependencies = Metadata(objectStorage).Descendants().Where(e => e.Name.LocalName == "dependency").ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value);
        Assert.Equal(consumer.Feed.Version, dependencies["RunnerHarness.Store"]);
        Assert.Contains("Azure.Storage.Blobs", dependencies.Keys);
        Assert.Contains("AWSSDK.S3", dependencies.Keys);
        Assert.Contains(objectStorage.Entries, e => e.FullName == "lib/net10.0/RunnerHarness.ObjectStorage.dll");
        foreach (var id in new[] { "RunnerHarness.Store", "RunnerHarness", "RunnerHarness.Xunit", "RunnerHarness.Xunit.v3", "RunnerHarness.Models" })
        {
            using var package = ZipFile.OpenRead(consumer.Feed.PackagePath(id));
            Assert.DoesNotContain(
                Metadata(package).Descendants().Where(e => e.Name.LocalName == "dependency"),
                e => e.Attribute("id")!.Value is "Azure.Storage.Blobs" or "AWSSDK.S3" or "RunnerHarness.ObjectStorage");
        }
    }

    [Fact]
    public void CliPackage_IsADotnetToolNamedRunnerHarness()
    {
        using var package = ZipFile.OpenRead(consumer.Feed.PackagePath("RunnerHarness.Cli"));

        var packageType = Metadata(package).Descendants().Single(e => e.Name.LocalName == "packageType");
        Assert.Equal("DotnetTool", packageType.Attribute("name")!.Value);
        var settings = XDocument.Parse(ReadEntry(package, package.Entries.Single(e => e.FullName.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal)).FullName));
        Assert.Equal("runner-harness", settings.Descendants("Command").Single().Attribute("Name")!.Value);
    }

    [Theory]
    [InlineData("RunnerHarness.Xunit")]
    [InlineData("RunnerHarness.Xunit.v3")]
    public void XunitPackage_ShipsItsMSBuildFilesAndDependsOnTheCoreOfTheSameVersion(string id)
    {
        using var package = ZipFile.OpenRead(consumer.Feed.PackagePath(id));

        var names = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains($"build/{id}.props", names);
        Assert.Contains($"build/{id}.targets", names);
        // Both packages' targets import the shared targets from their own folder.
        Assert.Contains("build/RunnerHarness.Xunit.Common.targets", names);
        Assert.Contains("buildTransitive/RunnerHarness.Xunit.Common.targets", names);
        Assert.Contains($"lib/net10.0/{id}.dll", names);
        var core = Metadata(package).Descendants().Single(e => e.Name.LocalName == "dependency" && e.Attribute("id")!.Value == "RunnerHarness");
        Assert.Equal(consumer.Feed.Version, core.Attribute("version")!.Value);

        // The schema generator writes the package's axis members when it is built; the package neither ships nor depends on it.
        Assert.DoesNotContain(
            Metadata(package).Descendants().Where(e => e.Name.LocalName == "dependency"),
            e => e.Attribute("id")!.Value.Contains("Generator", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.StartsWith("analyzers/", StringComparison.Ordinal) || n.Contains("Schema.Generator", StringComparison.Ordinal));
    }

    private static XElement Metadata(ZipArchive package)
    {
        var nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var document = XDocument.Load(stream);
        return document.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string Value(XElement metadata, string name) =>
        metadata.Element(metadata.Name.Namespace + name)?.Value ?? throw new Xunit.Sdk.XunitException($"the nuspec has no <{name}>");

    private static string ReadEntry(ZipArchive package, string name)
    {
        using var reader = new StreamReader(package.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }
}
