using System.Reflection;
using System.Runtime.Loader;
using RunnerHarness.Schema;

namespace RunnerHarness.Tests.Schema.Generation;

/// <summary>
/// A partial type marked <see cref="RecordAxisMembersAttribute"/> in another assembly gets one member per axis declared
/// on <see cref="ResultRecord"/>, read from the referenced core assembly's metadata: so a type outside the core follows
/// the declarations without listing the axes.
/// </summary>
public sealed class RecordAxisMembersGeneratorTests
{
    private const string SampleValuesProbe = """
        using System.Collections.Generic;
        using RunnerHarness.Schema;

        namespace Probe;

        [RecordAxisMembers(RecordAxisMemberShape.SampleValues)]
        public sealed partial record AxisRow
        {
            private readonly Dictionary<string, object?> _values = new();

            public object? ValueOf(RecordAxis axis) => _values.TryGetValue(axis.Column, out var value) ? value : null;

            private void Assign(RecordAxis axis, object? value) => _values[axis.Column] = value;
        }
        """;

    [Fact]
    public void SampleValues_InAnAssemblyReferencingTheCore_HasAPropertyPerDeclaredAxis_ThatCompilesAndRoundTrips()
    {
        var run = GeneratorRun.Of(SampleValuesProbe, referenceCore: true);

        Assert.True(run.Errors.Count == 0, string.Join(Environment.NewLine, run.Errors));
        var type = Load(run).GetType("Probe.AxisRow", throwOnError: true)!;
        var axisProperties = RecordSchema.Columns.Where(c => c.IsAxis).Select(c => c.Property).ToList();
        Assert.Equal(axisProperties, type.GetProperties().Select(p => p.Name).Where(axisProperties.Contains));

        // Each property reads and writes its own axis: a value set through it is the one ValueOf(axis) gives back.
        var row = Activator.CreateInstance(type)!;
        var values = new object[] { "gpt-4o-mini", "openai", "flawed_tool_misuse", "hard", "data_pipeline", 0.85, "tool_misuse", 3, "capital-of-australia", "3fa2c1d9e0b1" };
        var axes = RecordAxes.All;
        Assert.Equal(axisProperties.Count, axes.Count);
        for (var i = 0; i < axes.Count; i++)
        {
            var property = type.GetProperty(axisProperties[i])!;
            property.SetValue(row, values[i]);
            Assert.Equal(values[i], type.GetMethod("ValueOf")!.Invoke(row, [axes[i]]));
            Assert.Equal(values[i], property.GetValue(row));
        }
    }

    [Fact]
    public void AMarkedType_InACompilationWithoutTheRecord_IsAnErrorNamingTheRecord()
    {
        const string source = """
            namespace RunnerHarness.Schema
            {
                public enum RecordAxisMemberShape { SampleValues = 1 }

                [System.AttributeUsage(System.AttributeTargets.Class)]
                public sealed class RecordAxisMembersAttribute(RecordAxisMemberShape shape) : System.Attribute
                {
                    public RecordAxisMemberShape Shape { get; } = shape;
                }
            }

            namespace Probe
            {
                [RunnerHarness.Schema.RecordAxisMembers(RunnerHarness.Schema.RecordAxisMemberShape.SampleValues)]
                public sealed partial class Orphan;
            }
            """;

        var run = GeneratorRun.Of(source, referenceCore: false);

        Assert.True(run.Errors.Any(e => e.Contains("neither declares nor references RunnerHarness.Schema.ResultRecord", StringComparison.Ordinal)), string.Join(Environment.NewLine, run.Errors));
    }

    private static Assembly Load(GeneratorRun run)
    {
        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        image.Position = 0;
        return new AssemblyLoadContext("generator-probe", isCollectible: true).LoadFromStream(image);
    }
}
