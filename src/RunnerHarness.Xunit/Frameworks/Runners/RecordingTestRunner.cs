using System.Reflection;
using RunnerHarness.Matrix;
using RunnerHarness.Models;
using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Usage;
using RunnerHarness.Xunit.Recording;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>
/// Runs one test: registers its arguments and a fresh <see cref="ModelTestContext"/> with the session, and
/// makes that context <see cref="ModelTestContext.Current"/> while the test class is built, the test runs
/// and the class is disposed. A model-batch row (a test taking a <see cref="ModelCase"/>) also runs inside
/// <see cref="SampleScope"/> with its sample and a fresh <see cref="SampleUsage"/>, which model clients add to and the
/// record takes its tokens, <c>model_*</c> metrics and infrastructure failures from; any other test collects its usage
/// the same way, without a sample. Model calls add their conversations to the context's transcript, stored beside the record.
/// </summary>
internal sealed class RecordingTestRunner : XunitTestRunner
{
    private readonly ModelTestContext _context = new();
    private readonly RecordingSession _session;

    /// <summary>Creates the runner and registers the test's arguments and context with <paramref name="session"/>.</summary>
    public RecordingTestRunner(
        ITest test,
        IMessageBus messageBus,
        Type testClass,
        object[] constructorArguments,
        MethodInfo testMethod,
        object[] testMethodArguments,
        string skipReason,
        IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource,
        RecordingSession session)
        : base(test, messageBus, testClass, constructorArguments, testMethod, testMethodArguments, skipReason, beforeAfterAttributes, aggregator, cancellationTokenSource)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        session.Register(test, testMethod, testMethodArguments, _context);
    }

    /// <inheritdoc/>
    protected override async Task<Tuple<decimal, string>> InvokeTestAsync(ExceptionAggregator aggregator)
    {
        // The value set here flows into the test body and everything it awaits, and is undone when this
        // method returns: tests running in parallel each see their own context.
        ModelTestContext.CurrentContext.Value = _context;
        var sample = SampleOf(TestMethodArguments);

        // Every test collects its model usage, so a plain theory calling ModelClients records tokens, metrics and cost as a row does.
        var usage = new SampleUsage();
        _context.Usage = usage;
        // An offline run replays on purpose (re-scoring a study into a new store, docs/models.md), so it flags nothing.
        _context.FlagsReplays = sample is null && _session.ModelSettings?.CacheMode != ResponseCacheMode.Offline;
        using var scope = sample is null ? SampleScope.EnterUsage(usage, _context.Transcript) : SampleScope.Enter(sample, usage, _context.Transcript);
        try
        {
            var result = await base.InvokeTestAsync(aggregator).ConfigureAwait(false);

            // A model call that failed for a reason of the harness or provider (in a plain theory too, where no usage
            // collects it) is not the model's result: the record takes its infrastructure category.
            if (aggregator.HasExceptions)
            {
                _context.NoteFailure(aggregator.ToException());
            }

            return result;
        }
        finally
        {
            ModelTestContext.CurrentContext.Value = null;
        }
    }

    // A loop, not a LINQ chain: this runs once a test.
    private static MatrixSample? SampleOf(object?[]? arguments)
    {
        foreach (var argument in arguments ?? [])
        {
            if (argument is ModelCase modelCase)
            {
                return modelCase.Sample;
            }
        }

        return null;
    }
}
