using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Tests.Frameworks;

/// <summary>Collects the test cases an xUnit v2 discoverer reports, in order, until it reports that discovery is complete.</summary>
internal sealed class DiscoveredTestCases : LongLivedMarshalByRefObject, IMessageSink, IDisposable
{
    private readonly List<ITestCase> _testCases = [];
    private readonly ManualResetEventSlim _complete = new();

    public bool OnMessage(IMessageSinkMessage message)
    {
        switch (message)
        {
            case ITestCaseDiscoveryMessage discovered:
                _testCases.Add(discovered.TestCase);
                break;
            case IDiscoveryCompleteMessage:
                _complete.Set();
                break;
        }

        return true;
    }

    /// <summary>The test cases, once discovery completed (within a minute, else the test fails).</summary>
    public IReadOnlyList<ITestCase> WaitForCompletion() =>
        _complete.Wait(TimeSpan.FromMinutes(1)) ? _testCases : throw new TimeoutException("The discoverer did not report that discovery completed within a minute.");

    public void Dispose() => _complete.Dispose();
}
