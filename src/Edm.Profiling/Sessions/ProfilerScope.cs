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
    private bool _readsMemory;
    private long _heapStart;
    private long _workingSetStart;

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
            bool detailed = ProbeRegistry.IsDetailed(id);
            scope._ioStart = detailed ? IoCounters.ReadThread() : IoSnapshot.Absent;
            if (detailed)
            {
                // Read before the frame starts, so the readings' own cost is outside the scope's time.
                scope._readsMemory = true;
                scope._workingSetStart = ProcessMemory.WorkingSetBytes();
                scope._heapStart = ProcessMemory.ManagedHeapBytes();
            }

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

            if (_readsMemory)
            {
                RecordHeapDelta(onOwnStack ? buffer : null);
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
    /// The managed heap and working set change across the block. Both are process-wide, so a block that
    /// ended on another thread (it awaited) is measured all the same and added by the thread it ended
    /// on; either way other threads' allocations and collections meanwhile are in the figure.
    /// </summary>
    private readonly void RecordHeapDelta(ThreadBuffer? ownBuffer)
    {
        long heapEnd = ProcessMemory.ManagedHeapBytes();
        long workingSetEnd = ProcessMemory.WorkingSetBytes();
        long workingSetDelta = workingSetEnd >= 0 && _workingSetStart >= 0 ? workingSetEnd - _workingSetStart : 0;
        if (ownBuffer is not null)
        {
            ownBuffer.RecordHeapDelta(_probeId, heapEnd - _heapStart, workingSetDelta);
        }
        else if (_epoch == SessionState.ActiveEpoch)
        {
            ThreadBuffer.For(_epoch).RecordHeapDelta(_probeId, heapEnd - _heapStart, workingSetDelta);
        }
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
