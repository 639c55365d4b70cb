using System.ComponentModel;

namespace Edm.Profiling;

/// <summary>
/// A profiled block, ended by <see cref="Dispose"/>. Returned by <see cref="Profiler.Scope(string, Layer)"/>;
/// use it with <c>using</c>. A default instance records nothing.
/// </summary>
public struct ProfilerScope : IDisposable
{
    private ProbeFrame _frame;
    private long _token;
    private long _startTicks;
    private CallPath? _path;
    private PendingCall? _parentCall;
    private int _probeId;
    private int _epoch;
    private IoSnapshot _ioStart;

    internal static ProfilerScope Begin(string name, Layer layer)
    {
        if (SessionState.ActiveEpoch == 0)
        {
            // Process mode starts its session at the first probe, and a scope may be the first.
            ProcessSession.EnsureStarted();
            if (SessionState.ActiveEpoch == 0)
            {
                return default;
            }
        }

        if (name is null)
        {
            return default;
        }

        var scope = default(ProfilerScope);
        try
        {
            int id = ScopeRegistry.IdOf(name, layer);
            scope._probeId = id;
            scope._ioStart = ProbeRegistry.IsDetailed(id) ? IoCounters.ReadThread() : IoSnapshot.Absent;
            scope._frame = Probe.Enter(id);
            if (scope._frame.Buffer is { } buffer)
            {
                buffer.MarkScope(scope._frame.Index, out scope._token, out scope._startTicks, out scope._path, out scope._epoch, out scope._parentCall);
            }
        }
#pragma warning disable CA1031 // Profiling never throws into user code.
        catch (Exception e)
#pragma warning restore CA1031
        {
            SessionState.Fault(e);
            return default;
        }

        return scope;
    }

    /// <summary>Whether this scope is recording.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly bool IsRecording => _frame.Buffer is not null;

    /// <summary>Ends the block and records it.</summary>
    public void Dispose()
    {
        if (_frame.Buffer is not { } buffer)
        {
            return;
        }

        long end = ProbeClock.Now();
        try
        {
            ScopeEnd ended = buffer.ExitScope(_frame.Index, _token, end, out long childTicks);
            bool onOwnStack = ended == ScopeEnd.OnStack;
            if (!onOwnStack)
            {
                ThreadBuffer.RecordDetachedScope(_probeId, _path!, _epoch, end - _startTicks, childTicks);
                TellParentCall(ended, end);
            }

            if (_ioStart.IsAvailable)
            {
                IoSnapshot ioEnd = IoCounters.ReadThread();
                if (onOwnStack && ioEnd.IsAvailable)
                {
                    buffer.RecordIo(_probeId, _ioStart, ioEnd);
                }
            }
        }
#pragma warning disable CA1031
        catch (Exception e)
#pragma warning restore CA1031
        {
            SessionState.Fault(e);
        }

        _frame = default;
    }

    /// <summary>
    /// A scope that ended away from its frame, inside an async call, takes its time out of that call's
    /// self time itself: as one of the call's overlapping children if the call let go of its frame
    /// (which registered it), else directly. A scope under a synchronous frame is charged by the frame's thread.
    /// </summary>
    private readonly void TellParentCall(ScopeEnd ended, long end)
    {
        if (_parentCall is not { } call || _epoch != SessionState.ActiveEpoch)
        {
            return;
        }

        if (ended == ScopeEnd.LetGo)
        {
            call.Ended(_startTicks, end);
        }
        else
        {
            call.AddChildTicks(Math.Max(0, end - _startTicks));
        }
    }
}
