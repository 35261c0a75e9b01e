#if XUNIT_V3
using Xunit.Sdk;
using Xunit.v3;
#else
using Xunit.Abstractions;
using Xunit.Sdk;
#endif

namespace RunnerHarness.Xunit.Recording;

/// <summary>
/// Sits in front of xUnit's message bus: every message passes <see cref="RecordingSession.Observe"/> on the thread that
/// produced it, before xUnit's bus queues it for the runner. Records are therefore appended while the test's thread still
/// waits (under v3, a test's starting message is seen while <c>TestContext.Current</c> is that test, so its arguments are
/// read there), and the writer is completed before the assembly's finished message is queued, because the test host
/// exits right after the runner sees it. The same source serves both xUnit generations; only the namespaces differ.
/// </summary>
internal sealed class RecordingMessageBus(IMessageBus inner, RecordingSession session) : IMessageBus
{
    /// <inheritdoc/>
    public bool QueueMessage(IMessageSinkMessage message)
    {
        var (forward, before) = session.Observe(message);
        return (before is null || inner.QueueMessage(before)) && inner.QueueMessage(forward);
    }

    /// <inheritdoc/>
    public void Dispose() => inner.Dispose();
}
