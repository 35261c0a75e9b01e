using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using RunnerHarness.Store;

namespace RunnerHarness.Packaging.Tests;

/// <summary>
/// The ReadyToRun images the library packages carry beside their IL (Directory.Build.targets, docs/architecture.md): present,
/// precompiled for the runtime they are filed under, of the same assembly as the IL, and the ones a consumer's test host
/// binds to.
/// </summary>
[Collection(PackedPackages.Name)]
public sealed class ReadyToRunImageTests(PackagedConsumer consumer)
{
    /// <summary>The runtimes the packages carry images for, with the PE machine crossgen2 writes for each: the
    /// architecture's, XOR-ed with the OS's value on Linux and macOS, so that a runtime refuses another OS's image.</summary>
    public static TheoryData<string, string, ushort> Images()
    {
        var data = new TheoryData<string, string, ushort>();
        foreach (var id in LibraryPackageIds)
        {
            data.Add(id, "linux-x64", (ushort)((ushort)Machine.Amd64 ^ 0x7B79));
            data.Add(id, "win-x64", (ushort)Machine.Amd64);
        }

        return data;
    }

    /// <summary>Every package a test host or a user's code loads; not the tool, which no test host loads.</summary>
    private static readonly string[] LibraryPackageIds = ["RunnerHarness.Store", "RunnerHarness", "RunnerHarness.Xunit", "RunnerHarness.Xunit.v3", "RunnerHarness.Models", "RunnerHarness.ObjectStorage"];

    /// <summary>The assemblies the consumer project's test host loads from the packages.</summary>
    private static readonly string[] ConsumerAssemblies = ["RunnerHarness.Store", "RunnerHarness", "RunnerHarness.Xunit", "RunnerHarness.Models"];

    [Theory]
    [MemberData(nameof(Images))]
    public void LibraryPackage_CarriesAReadyToRunImageForTheRuntime_OfTheSameAssemblyAsItsIL(string id, string runtime, ushort machine)
    {
        using var package = ZipFile.OpenRead(consumer.Feed.PackagePath(id));
        var il = Read(package, $"lib/net10.0/{id}.dll");
        var image = Read(package, $"runtimes/{runtime}/lib/net10.0/{id}.dll");

        Assert.False(il.IsReadyToRun, $"{id}: lib/net10.0/{id}.dll, the IL every other runtime loads, is not IL only");
        Assert.True(image.IsReadyToRun, $"{id}: runtimes/{runtime}/lib/net10.0/{id}.dll has no ReadyToRun header (CLI header's ManagedNativeHeader, 'RTR' signature)");
        Assert.Equal(machine, image.Machine);
        Assert.Equal(il.Mvid, image.Mvid);
    }

    [Fact]
    public void CliPackage_CarriesNoReadyToRunImages()
    {
        using var package = ZipFile.OpenRead(consumer.Feed.PackagePath("RunnerHarness.Cli"));

        Assert.DoesNotContain(package.Entries, e => e.FullName.StartsWith("runtimes/", StringComparison.Ordinal));
    }

    [Fact]
    public void ConsumerTestHost_BindsOurAssembliesToTheImagesForItsRuntime_AndRecordsParquetWithThem()
    {
        var runtime = RuntimeInformation.RuntimeIdentifier;
        var expectedFolder = runtime is "linux-x64" or "win-x64" ? $"runtimes/{runtime}/lib/net10.0/" : null;
        var trace = Path.Combine(consumer.Folder, "host-trace.txt");
        var store = consumer.StoreBesideTheFolder("ready-to-run-store");

        // The host's trace (appended by every process of the run: the CLI, VSTest, the test host) lists each process's
        // trusted platform assemblies, the files the runtime binds those names to.
        consumer.Test([], new Dictionary<string, string>
        {
            ["COREHOST_TRACE"] = "1",
            ["COREHOST_TRACEFILE"] = trace,
            ["STORAGE_FORMAT"] = "parquet",
            ["RUNNER_HARNESS_STORE"] = store,
        });

        const string property = "Property TRUSTED_PLATFORM_ASSEMBLIES = ";
        var bin = Path.Combine(consumer.Project, "bin").Replace('\\', '/');
        var testHost = File.ReadLines(trace)
            .Where(l => l.StartsWith(property, StringComparison.Ordinal))
            .Select(l => l[property.Length..].Split(Path.PathSeparator).Select(p => p.Replace('\\', '/')).ToList())
            .Single(paths => paths.Any(p => p.StartsWith(bin, StringComparison.Ordinal)));
        foreach (var assembly in ConsumerAssemblies)
        {
            var bound = Assert.Single(testHost, p => p.EndsWith($"/{assembly}.dll", StringComparison.Ordinal));
            if (expectedFolder is null)
            {
                Assert.DoesNotContain("/runtimes/", bound, StringComparison.Ordinal);
            }
            else
            {
                Assert.EndsWith($"/{expectedFolder}{assembly}.dll", bound, StringComparison.Ordinal);
                Assert.True(Read(bound).IsReadyToRun, $"{bound} is not a ReadyToRun image");
            }
        }

        Assert.Equal(PackagedConsumer.Rows, new StoreReader(new StoreLayout(store)).Read().Count());
        Assert.All(new StoreLayout(store).DataFiles(), f => Assert.EndsWith(StoreLayout.ParquetExtension, f, StringComparison.Ordinal));
    }

    private static PortableExecutable Read(ZipArchive package, string entry)
    {
        var file = package.GetEntry(entry) ?? throw new InvalidOperationException($"The package has no {entry}; it has {string.Join(", ", package.Entries.Select(e => e.FullName))}.");
        using var stream = file.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return PortableExecutable.Of(copy.ToArray());
    }

    private static PortableExecutable Read(string path) => PortableExecutable.Of(File.ReadAllBytes(path));

    /// <summary>What the tests read of a PE file: its machine, whether it has a ReadyToRun header, its module's MVID.</summary>
    private sealed record PortableExecutable(ushort Machine, bool IsReadyToRun, Guid Mvid)
    {
        /// <summary>The ReadyToRun header's signature, "RTR" (READYTORUN_SIGNATURE in the runtime's readytorun.h).</summary>
        private const uint ReadyToRunSignature = 0x00525452;

        public static PortableExecutable Of(byte[] bytes)
        {
            using var reader = new PEReader(new MemoryStream(bytes));
            var corHeader = reader.PEHeaders.CorHeader ?? throw new InvalidOperationException("not a .NET assembly: no CLI header");
            var nativeHeader = corHeader.ManagedNativeHeaderDirectory;
            var isReadyToRun = nativeHeader.Size > 0
                && reader.PEHeaders.TryGetDirectoryOffset(nativeHeader, out var offset)
                && BitConverter.ToUInt32(bytes, offset) == ReadyToRunSignature;
            var metadata = reader.GetMetadataReader();
            return new PortableExecutable((ushort)reader.PEHeaders.CoffHeader.Machine, isReadyToRun, metadata.GetGuid(metadata.GetModuleDefinition().Mvid));
        }
    }
}
