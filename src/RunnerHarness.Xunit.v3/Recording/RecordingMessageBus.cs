using Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Recording;

/// <summary>
/// Sits in front of xUnit's message bus: every message passes <see cref="RecordingSession.Observe"/> on the thread that
/// produced it, before xUnit's bus queues it for its reporter thread. A test's starting message is therefore seen while
/// <see cref="TestContext.Current"/> is that test (its arguments are read there), results are appended while the test's
/// thread still waits, and the writer is completed before the assembly's finished message reaches the runner.
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
