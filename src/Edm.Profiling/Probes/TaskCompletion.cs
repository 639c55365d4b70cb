namespace Edm.Profiling;

/// <summary>
/// Ends async calls when their tasks complete. A task that is already complete goes back to the
/// caller as it is. A pending one is relayed: the caller gets a task that completes just after the
/// call is recorded, with the same outcome (the result, the very exception objects, every one of
/// them, or cancellation with its token). So code that stops a session right after awaiting its
/// work always finds that work in the report, and awaiting behaves as before: the caller's
/// synchronization context, exceptions and cancellation are untouched.
/// </summary>
internal static class TaskCompletion
{
    internal static Task Attach(Task task, ref ProbeFrame frame)
    {
        if (frame.Call is not { } call || task is null)
        {
            return task!;
        }

        frame.HandedOff = true;
        if (task.IsCompleted)
        {
            Record(call, ProbeClock.Now(), !task.IsCompletedSuccessfully);
            return task;
        }

        return Relay(task, call);
    }

    internal static Task<T> Attach<T>(Task<T> task, ref ProbeFrame frame)
    {
        if (frame.Call is not { } call || task is null)
        {
            return task!;
        }

        frame.HandedOff = true;
        if (task.IsCompleted)
        {
            Record(call, ProbeClock.Now(), !task.IsCompletedSuccessfully);
            return task;
        }

        return Relay(task, call);
    }

    internal static ValueTask Attach(ValueTask task, ref ProbeFrame frame)
    {
        if (frame.Call is not { } call)
        {
            return task;
        }

        frame.HandedOff = true;
        if (task.IsCompleted)
        {
            Record(call, ProbeClock.Now(), !task.IsCompletedSuccessfully);
            return task;
        }

        // A pending ValueTask may be backed by a source that allows one await only: it is
        // consumed here, once, through AsTask.
        return new ValueTask(Relay(task.AsTask(), call));
    }

    internal static ValueTask<T> Attach<T>(ValueTask<T> task, ref ProbeFrame frame)
    {
        if (frame.Call is not { } call)
        {
            return task;
        }

        frame.HandedOff = true;
        if (task.IsCompleted)
        {
            Record(call, ProbeClock.Now(), !task.IsCompletedSuccessfully);
            return task;
        }

        return new ValueTask<T>(Relay(task.AsTask(), call));
    }

    private static Task Relay(Task task, PendingCall call)
    {
        var relay = new TaskCompletionSource();
        _ = task.ContinueWith(
            static (completed, state) =>
            {
                var (call, relay) = ((PendingCall, TaskCompletionSource))state!;
                Record(call, ProbeClock.Now(), !completed.IsCompletedSuccessfully);
                if (completed.IsFaulted)
                {
                    relay.TrySetException(completed.Exception!.InnerExceptions);
                }
                else if (completed.IsCanceled)
                {
                    relay.TrySetCanceled(TokenOf(completed));
                }
                else
                {
                    relay.TrySetResult();
                }
            },
            (call, relay),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return relay.Task;
    }

    private static Task<T> Relay<T>(Task<T> task, PendingCall call)
    {
        var relay = new TaskCompletionSource<T>();
        _ = task.ContinueWith(
            static (completed, state) =>
            {
                var (call, relay) = ((PendingCall, TaskCompletionSource<T>))state!;
                Record(call, ProbeClock.Now(), !completed.IsCompletedSuccessfully);
                if (completed.IsFaulted)
                {
                    relay.TrySetException(completed.Exception!.InnerExceptions);
                }
                else if (completed.IsCanceled)
                {
                    relay.TrySetCanceled(TokenOf(completed));
                }
                else
                {
                    relay.TrySetResult(completed.Result);
                }
            },
            (call, relay),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return relay.Task;
    }

    /// <summary>The token a cancelled task was cancelled with, so the relay carries the same one.</summary>
    private static CancellationToken TokenOf(Task cancelled)
    {
        try
        {
            cancelled.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException e)
        {
            return e.CancellationToken;
        }

        return CancellationToken.None;
    }

    /// <summary>Records an async call, once, on the thread that saw it end.</summary>
    internal static void Record(PendingCall call, long end, bool faulted)
    {
        if (!call.TryMarkCompleted())
        {
            return;
        }

        try
        {
            long elapsed = end - call.StartTicks;
            call.OverlapParent?.Ended(call.StartTicks, end);
            int epoch = SessionState.ActiveEpoch;
            if (epoch != 0 && call.Epoch == epoch)
            {
                ThreadBuffer.For(epoch).RecordPending(call, elapsed, end, faulted);
            }
        }
#pragma warning disable CA1031 // Profiling never throws into user code.
        catch (Exception e)
#pragma warning restore CA1031
        {
            SessionState.Fault(e);
        }
    }
}
