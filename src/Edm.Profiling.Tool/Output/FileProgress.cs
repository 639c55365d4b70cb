using Spectre.Console;

namespace Edm.Profiling.Tool.Output;

/// <summary>
/// A progress bar on standard error for work over many files (imports, merges), drawn only when
/// standard error is a terminal and there are enough files for the wait to be noticed.
/// </summary>
internal static class FileProgress
{
    /// <summary>Below this many files the work is quick; a bar that flashes by is noise.</summary>
    internal const int MinimumFiles = 4;

    /// <summary>
    /// Runs <paramref name="work"/>, giving it an <see cref="IProgress{T}"/> that takes the number of
    /// files done so far (null when no bar is drawn).
    /// </summary>
    internal static T Run<T>(string description, int files, Func<IProgress<int>?, T> work)
    {
        if (files < MinimumFiles || !Terminal.IsErrorTerminal)
        {
            return work(null);
        }

        return Terminal.StandardError().Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask(Markup.Escape(description), maxValue: files);
                var progress = new SynchronousProgress(done => task.Value = done);
                return work(progress);
            });
    }

    /// <summary>Reports on the calling thread; <see cref="Progress{T}"/> would post to a thread pool and lag behind.</summary>
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
