using System.Collections.Concurrent;
using System.Reflection;
using Xunit.Abstractions;

namespace RunnerHarness.Xunit.Frameworks;

/// <summary>
/// A test method's reflection wrapper that reads each kind of attribute once, shared by all the cells of a model batch.
/// xUnit's <c>XunitTestCase</c> looks up the method's <c>[Theory]</c> and trait attributes when each test case
/// initializes, and <c>MethodInfo.CustomAttributes</c> decodes every attribute of the method each time, the
/// <c>[ModelMatrix]</c> with all its axis values included: for 20,000 cells that was a third of a second of discovery.
/// Attributes are fixed metadata, so one lookup serves every cell.
/// </summary>
internal sealed class AttributeCachingMethodInfo(IReflectionMethodInfo method) : IReflectionMethodInfo
{
    private readonly ConcurrentDictionary<string, IAttributeInfo[]> _attributes = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public MethodInfo MethodInfo => method.MethodInfo;

    /// <inheritdoc/>
    public bool IsAbstract => method.IsAbstract;

    /// <inheritdoc/>
    public bool IsGenericMethodDefinition => method.IsGenericMethodDefinition;

    /// <inheritdoc/>
    public bool IsPublic => method.IsPublic;

    /// <inheritdoc/>
    public bool IsStatic => method.IsStatic;

    /// <inheritdoc/>
    public string Name => method.Name;

    /// <inheritdoc/>
    public ITypeInfo ReturnType => method.ReturnType;

    /// <inheritdoc/>
    public ITypeInfo Type => method.Type;

    /// <inheritdoc/>
    public IEnumerable<IAttributeInfo> GetCustomAttributes(string assemblyQualifiedAttributeTypeName) =>
        _attributes.GetOrAdd(assemblyQualifiedAttributeTypeName, name => [.. method.GetCustomAttributes(name)]);

    /// <inheritdoc/>
    public IEnumerable<ITypeInfo> GetGenericArguments() => method.GetGenericArguments();

    /// <inheritdoc/>
    public IEnumerable<IParameterInfo> GetParameters() => method.GetParameters();

    /// <inheritdoc/>
    public IMethodInfo MakeGenericMethod(params ITypeInfo[] typeArguments) => method.MakeGenericMethod(typeArguments);

    /// <inheritdoc/>
    public override string ToString() => method.ToString() ?? Name;
}
