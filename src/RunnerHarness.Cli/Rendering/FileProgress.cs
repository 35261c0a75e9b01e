using Spectre.Console;

namespace RunnerHarness.Cli.Rendering;

/// <summary>Progress over the files of a store: a Spectre progress bar on a terminal, nothing when output is plain (redirected or CI).</summary>
internal static class FileProgress
{
    /// <summary>Runs <paramref name="work"/>, showing its (done, total) reports under <paramref name="title"/>.</summary>
    public static T Run<T>(CliContext context, string title, Func<Action<int, int>, T> work)
    {
        if (context.PlainOutput)
        {
            return work(static (_, _) => { });
        }

        return context.Error.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask(title, maxValue: 1);
                var result = work((done, total) =>
                {
                    task.MaxValue = Math.Max(total, 1);
                    task.Value = done;
                });
                task.Value = task.MaxValue;
                return result;
            });
    }
}
