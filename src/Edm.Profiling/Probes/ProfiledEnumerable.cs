using System.Collections;

namespace Edm.Profiling;

/// <summary>An iterator's sequence whose every enumeration is recorded as one call.</summary>
internal sealed class ProfiledEnumerable<T>(IEnumerable<T> source, int probeId) : IEnumerable<T>
{
    public IEnumerator<T> GetEnumerator() => new ProfiledEnumerator<T>(source.GetEnumerator(), probeId);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A non-generic iterator's sequence whose every enumeration is recorded as one call.</summary>
internal sealed class ProfiledEnumerable(IEnumerable source, int probeId) : IEnumerable
{
    public IEnumerator GetEnumerator() => new ProfiledEnumerator(source.GetEnumerator(), probeId);
}

/// <summary>
/// Times each <c>MoveNext</c> of an enumeration as a step and records the enumeration as one call
/// when it ends: when <c>MoveNext</c> returns false or throws, or when the enumerator is disposed.
/// </summary>
#if NET6_0_OR_GREATER
[System.Diagnostics.StackTraceHidden] // an exception from the iterator shows the frames it shows without profiling
#endif
internal sealed class ProfiledEnumerator<T>(IEnumerator<T> inner, int probeId) : IEnumerator<T>
{
    private PendingCall? _call;

    public T Current => inner.Current;

    object? IEnumerator.Current => inner.Current;

    public bool MoveNext() => EnumerationStep.MoveNext(inner, probeId, ref _call);

    public void Reset() => inner.Reset();

    public void Dispose()
    {
        Probe.CompleteEnumeration(_call);
        inner.Dispose();
    }
}

/// <summary>The non-generic counterpart of <see cref="ProfiledEnumerator{T}"/>.</summary>
#if NET6_0_OR_GREATER
[System.Diagnostics.StackTraceHidden] // an exception from the iterator shows the frames it shows without profiling
#endif
internal sealed class ProfiledEnumerator(IEnumerator inner, int probeId) : IEnumerator, IDisposable
{
    private PendingCall? _call;

    public object? Current => inner.Current;

    public bool MoveNext() => EnumerationStep.MoveNext(inner, probeId, ref _call);

    public void Reset() => inner.Reset();

    public void Dispose()
    {
        Probe.CompleteEnumeration(_call);
        (inner as IDisposable)?.Dispose();
    }
}

/// <summary>One timed <c>MoveNext</c>, shared by the generic and non-generic enumerators.</summary>
#if NET6_0_OR_GREATER
[System.Diagnostics.StackTraceHidden] // an exception from the iterator shows the frames it shows without profiling
#endif
internal static class EnumerationStep
{
    internal static bool MoveNext(IEnumerator inner, int probeId, ref PendingCall? call)
    {
        ProbeFrame frame = Probe.EnterStep(probeId, ProbeKind.Iterator, ref call);
        bool more = false;
        try
        {
            more = inner.MoveNext();
            return more;
        }
        catch (Exception) when (Probe.Faulted(ref frame))
        {
            throw;
        }
        finally
        {
            Probe.ExitStep(ref frame);
            if (!more)
            {
                Probe.CompleteEnumeration(call);
            }
        }
    }
}
