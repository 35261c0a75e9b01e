using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Recording;

/// <summary>
/// Sits in front of xUnit's message bus: every message passes <see cref="RecordingSession.Observe"/> on the
/// thread that produced it, before it is queued for the runner. Records are therefore appended while the
/// test's thread still waits, and the writer is completed before <c>ITestAssemblyFinished</c> is queued,
/// because the test host exits right after the runner sees it.
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
