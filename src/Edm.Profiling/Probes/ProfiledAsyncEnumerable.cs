namespace Edm.Profiling;

/// <summary>An async iterator's sequence whose every enumeration is recorded as one call.</summary>
internal sealed class ProfiledAsyncEnumerable<T>(IAsyncEnumerable<T> source, int probeId) : IAsyncEnumerable<T>
{
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new ProfiledAsyncEnumerator<T>(source.GetAsyncEnumerator(cancellationToken), probeId);
}

/// <summary>
/// Times each <c>MoveNextAsync</c> from its call to the completion of its task, and records the
/// enumeration as one call when it ends. Steps that complete synchronously allocate nothing extra.
/// </summary>
#if NET6_0_OR_GREATER
[System.Diagnostics.StackTraceHidden] // an exception from the iterator shows the frames it shows without profiling
#endif
internal sealed class ProfiledAsyncEnumerator<T>(IAsyncEnumerator<T> inner, int probeId) : IAsyncEnumerator<T>
{
    private PendingCall? _call;

    public T Current => inner.Current;

    public ValueTask<bool> MoveNextAsync()
    {
        long start = ProbeClock.Now();
        ProbeFrame frame = Probe.EnterStep(probeId, ProbeKind.AsyncIterator, ref _call);
        ValueTask<bool> step;
        try
        {
            step = inner.MoveNextAsync();
        }
        catch (Exception) when (Probe.Faulted(ref frame))
        {
            throw;
        }
        finally
        {
            Probe.ExitAsyncStepPart(ref frame);
            if (frame.Faulted)
            {
                EndStep(start, more: false, faulted: true);
            }
        }

        if (frame.Call is null)
        {
            return step;
        }

        if (step.IsCompletedSuccessfully)
        {
            bool more = step.Result;
            EndStep(start, more, faulted: false);
            return new ValueTask<bool>(more);
        }

        return AwaitStep(step, start);
    }

    private async ValueTask<bool> AwaitStep(ValueTask<bool> step, long start)
    {
        bool more = false;
        bool faulted = true;
        try
        {
            more = await step.ConfigureAwait(false);
            faulted = false;
            return more;
        }
        finally
        {
            EndStep(start, more, faulted);
        }
    }

    private void EndStep(long start, bool more, bool faulted)
    {
        if (_call is not { } call)
        {
            return;
        }

        Interlocked.Add(ref call.StepTicks, ProbeClock.Now() - start);
        call.Faulted |= faulted;
        if (!more)
        {
            Probe.CompleteEnumeration(call);
        }
    }

    public ValueTask DisposeAsync()
    {
        Probe.CompleteEnumeration(_call);
        return inner.DisposeAsync();
    }
}
