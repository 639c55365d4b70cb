using System.Collections.Concurrent;

namespace Edm.Profiling.Generators.Tests.Support;

/// <summary>
/// A synchronization context with one thread, like a UI thread: continuations that capture it run
/// on the thread that pumps it.
/// </summary>
internal sealed class SingleThreadContext : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];

    public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();

    /// <summary>Runs <paramref name="work"/> with this context current and pumps it until the task completes.</summary>
    public static T Run<T>(Func<Task<T>> work)
    {
        SynchronizationContext? previous = Current;
        using var context = new Disposer(new SingleThreadContext());
        SetSynchronizationContext(context.Value);
        try
        {
            Task<T> task = work();
            task.ContinueWith(_ => context.Value._queue.CompleteAdding(), TaskScheduler.Default);
            foreach ((SendOrPostCallback callback, object? state) in context.Value._queue.GetConsumingEnumerable())
            {
                callback(state);
            }

            return task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    private sealed class Disposer(SingleThreadContext value) : IDisposable
    {
        public SingleThreadContext Value { get; } = value;

        public void Dispose() => Value._queue.Dispose();
    }
}
