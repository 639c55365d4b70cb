namespace Edm.Profiling.Invariants.Tests.Programs;

/// <summary>
/// Runs a <see cref="Program"/> through the fixture's [Profile] methods and scopes, recording what each
/// call did (<see cref="CallRecord"/>). Awaits resume on the thread pool while their callers wait, so the
/// code hops threads, but only one piece of the program advances the clock at a time: the clock reads
/// of the program and of the probes agree.
/// </summary>
internal sealed class Interpreter(ManualClock clock)
{
    private readonly List<(Task Task, TaskCompletionSource Gate)> _forgotten = [];

    public ManualClock Clock { get; } = clock;

    /// <summary>The logical root: its children are the program's top-level calls.</summary>
    public CallRecord Root { get; } = new("<root>", null, overlapsParent: false);

    /// <summary>Runs each thread's steps on a thread of its own, one thread after another, then the forgotten calls' rests.</summary>
    public void Run(Program program)
    {
        foreach (Step[] steps in program.Threads)
        {
            var thread = new Thread(() =>
            {
                try
                {
                    RunSync(steps, Root);
                }
                catch (ProgramException)
                {
                    // A failure that propagated out of a top-level call ends its thread's program.
                }
            });
            thread.Start();
            thread.Join();
        }

        // One at a time, oldest first; a forgotten call's rest may forget calls of its own.
        for (int i = 0; i < _forgotten.Count; i++)
        {
            (Task task, TaskCompletionSource gate) = _forgotten[i];
            Release(gate);
            Observe(task);
        }
    }

    // ---- synchronous code ---------------------------------------------------------------------

    private void RunSync(Step[] steps, CallRecord parent)
    {
        foreach (Step step in steps)
        {
            switch (step)
            {
                case Work work:
                    Clock.Advance(work.Ticks);
                    break;
                case Call call:
                    CallFrom(call, parent, block: true);
                    break;
                case FanOut fanOut:
                    StartAll(fanOut, parent, out Task[] tasks, out CallRecord[] records);
                    for (int i = 0; i < tasks.Length; i++)
                    {
                        Release(records[i].Gate!);
                        Observe(tasks[i]);
                    }

                    Observe(Task.WhenAll(tasks));
                    break;
                case ScopeBlock { AcrossAwait: true } scope:
                    Observe(ScopeAcrossAwait(scope, parent.Add(Fixture.ScopeName(scope.Name), overlaps: true)));
                    break;
                case ScopeBlock scope:
                    RunScope(scope, parent);
                    break;
                case Iterate iterate:
                    Enumerate(iterate, parent);
                    break;
            }
        }
    }

    /// <summary>A call made from synchronous code (or a blocking one from async code).</summary>
    private void CallFrom(Call call, CallRecord parent, bool block)
    {
        if (call.How == How.Sync)
        {
            CallRecord record = parent.Add(Fixture.SyncName(call.Method), overlaps: false);
            Catch(call, () => Fixture.CallSync(this, call, record));
            return;
        }

        CallRecord asyncRecord = parent.Add(Fixture.AsyncName(call), overlaps: true);
        if (call.How == How.Forget)
        {
            asyncRecord.Gate = new TaskCompletionSource();
            _forgotten.Add((Fixture.CallAsync(this, call, asyncRecord), asyncRecord.Gate));
            return;
        }

        Task task = Fixture.CallAsync(this, call, asyncRecord);
        if (block)
        {
            Catch(call, () =>
            {
                if (task is Task<int> withResult)
                {
                    _ = withResult.Result;
                }
                else
                {
                    task.Wait();
                }
            });
        }
    }

    private void RunScope(ScopeBlock scope, CallRecord parent)
    {
        CallRecord record = parent.Add(Fixture.ScopeName(scope.Name), overlaps: false);
        using (Profiler.Scope(Fixture.ScopeName(scope.Name), Layer.Lightweight))
        {
            record.Start = Clock.Now;
            try
            {
                RunSync(scope.Body, record);
            }
            finally
            {
                record.End = Clock.Now;
            }
        }
    }

    private void Enumerate(Iterate iterate, CallRecord parent)
    {
        CallRecord record = parent.Add("Items", overlaps: false);
        record.StepTime = (long)Math.Min(iterate.Take, iterate.Items) * iterate.ItemWork;
        int taken = 0;
        foreach (int _ in Fixture.Items(this, iterate.Items, iterate.ItemWork))
        {
            Clock.Advance(iterate.ConsumerWork);
            if (++taken == iterate.Take)
            {
                break;
            }
        }
    }

    // ---- async code ---------------------------------------------------------------------------

    private async Task RunAsync(Step[] steps, CallRecord parent)
    {
        foreach (Step step in steps)
        {
            switch (step)
            {
                case Call { How: How.Await } call:
                    CallRecord record = parent.Add(Fixture.AsyncName(call), overlaps: true);
                    try
                    {
                        await Fixture.CallAsync(this, call, record).ConfigureAwait(false);
                    }
                    catch (ProgramException) when (!call.Propagates)
                    {
                    }

                    break;
                case Call call:
                    CallFrom(call, parent, block: true);
                    break;
                case FanOut fanOut:
                    StartAll(fanOut, parent, out Task[] tasks, out CallRecord[] records);
                    for (int i = 0; i < tasks.Length; i++)
                    {
                        Release(records[i].Gate!);
                        await Observed(tasks[i]).ConfigureAwait(false);
                    }

                    await Observed(Task.WhenAll(tasks)).ConfigureAwait(false);
                    break;
                case ScopeBlock { AcrossAwait: true } scope:
                    await ScopeAcrossAwait(scope, parent.Add(Fixture.ScopeName(scope.Name), overlaps: true)).ConfigureAwait(false);
                    break;
                case Iterate { Async: true } iterate:
                    await EnumerateAsync(iterate, parent).ConfigureAwait(false);
                    break;
                default:
                    RunSync([step], parent);
                    break;
            }
        }
    }

    private async Task EnumerateAsync(Iterate iterate, CallRecord parent)
    {
        CallRecord record = parent.Add("ItemsAsync", overlaps: false);
        record.StepTime = (long)Math.Min(iterate.Take, iterate.Items) * iterate.ItemWork;
        int taken = 0;
        await foreach (int _ in Fixture.ItemsAsync(this, iterate.Items, iterate.ItemWork).ConfigureAwait(false))
        {
            Clock.Advance(iterate.ConsumerWork);
            if (++taken == iterate.Take)
            {
                break;
            }
        }
    }

    private async Task ScopeAcrossAwait(ScopeBlock scope, CallRecord record)
    {
        using (Profiler.Scope(Fixture.ScopeName(scope.Name), Layer.Lightweight))
        {
            record.Start = Clock.Now;
            RunSync(scope.Body, record);
            await Task.Yield();
            Clock.Advance(scope.WorkAfterAwait);
            record.End = Clock.Now;
        }
    }

    /// <summary>Starts every child; each runs its body, then waits for its gate, so all of them overlap.</summary>
    private void StartAll(FanOut fanOut, CallRecord parent, out Task[] tasks, out CallRecord[] records)
    {
        tasks = new Task[fanOut.Children.Length];
        records = new CallRecord[tasks.Length];
        for (int i = 0; i < tasks.Length; i++)
        {
            Call child = fanOut.Children[i];
            CallRecord record = records[i] = parent.Add(Fixture.AsyncName(child), overlaps: true);
            record.Gate = new TaskCompletionSource();
            tasks[i] = Fixture.CallAsync(this, child, record);
        }
    }

    // ---- bodies of the fixture's methods ------------------------------------------------------

    internal void SyncBody(Call call, CallRecord record)
    {
        record.Start = Clock.Now;
        try
        {
            RunSync(call.Body, record);
            if (call.Throws)
            {
                throw new ProgramException();
            }
        }
        catch
        {
            record.Faulted = true;
            throw;
        }
        finally
        {
            record.End = Clock.Now;
        }
    }

    internal async Task AsyncBody(Call call, CallRecord record)
    {
        record.Start = Clock.Now;
        try
        {
            if (record.Gate is { } gate)
            {
                // Forgotten or fanned out: all of its body waits for the program to release it, so it
                // never runs beside the code that called it.
                await gate.Task.ConfigureAwait(false);
            }

            await RunAsync(call.Body, record).ConfigureAwait(false);
            if (call.Yields)
            {
                await Task.Yield();
            }

            await RunAsync(call.After, record).ConfigureAwait(false);
            if (call.Throws)
            {
                throw new ProgramException();
            }
        }
        catch
        {
            record.Faulted = true;
            throw;
        }
        finally
        {
            record.End = Clock.Now;
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /// <summary>Runs a call, catching what it throws unless it propagates; a propagating failure fails the caller's body.</summary>
    private static void Catch(Call call, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is ProgramException or AggregateException)
        {
            if (call.Propagates)
            {
                throw new ProgramException();
            }
        }
    }

    /// <summary>Completes a gate from the thread pool, so what awaits it resumes there while this code waits.</summary>
    private static void Release(TaskCompletionSource gate) => ThreadPool.QueueUserWorkItem(_ => gate.SetResult());

    private static void Observe(Task task)
    {
        try
        {
            task.Wait();
        }
        catch (AggregateException)
        {
        }
    }

    private static async Task Observed(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (ProgramException)
        {
        }
    }
}

/// <summary>What a program's calls throw.</summary>
internal sealed class ProgramException : Exception
{
    public ProgramException()
        : base("thrown by a random program")
    {
    }

    public ProgramException(string message)
        : base(message)
    {
    }

    public ProgramException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
