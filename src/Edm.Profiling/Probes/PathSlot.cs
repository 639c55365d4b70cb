using System.Runtime.CompilerServices;

namespace Edm.Profiling;

/// <summary>One thread's figures for one call-tree node (<see cref="CallPath"/>).</summary>
internal sealed class PathSlot(ProbeSlot probe)
{
    /// <summary>The same thread's slot of the path's probe: one lookup on exit finds both.</summary>
    internal readonly ProbeSlot Probe = probe;

    internal long Calls;
    internal long InclusiveTicks;
    internal long SelfTicks;
    internal long AllocatedBytes;
    internal long SelfAllocatedBytes;

    /// <summary>Calls adaptive timing counted without timing (ThreadBuffer.Sampled.cs).</summary>
    internal long SkippedCalls;

    /// <summary>Of those, the calls since this path's last timed call, which the next timed call stands for.</summary>
    internal long PendingWeight;

    /// <summary>Records one call's time here and in the probe's slot: every exit path comes through this.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void RecordTiming(long elapsed, long self, bool outermost, bool faulted)
    {
        Probe.RecordTiming(elapsed, self, outermost, faulted);
        Calls++;
        InclusiveTicks += elapsed;
        SelfTicks += self;
    }

    /// <summary>Records a timed call of a sampled probe: it stands for itself and this path's calls counted since the last timed one.</summary>
    internal void RecordWeighted(long elapsed, long self, bool outermost, bool faulted)
    {
        long weight = PendingWeight + 1;
        PendingWeight = 0;
        Probe.RecordWeighted(elapsed, self, outermost, faulted, weight);
        Calls++;
        InclusiveTicks += elapsed * weight;
        SelfTicks += self * weight;
    }
}
