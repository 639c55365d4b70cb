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

    /// <summary>Calls adaptive timing counted without timing, credited here by the timed call before them (ThreadBuffer.Sampled.cs).</summary>
    internal long SkippedCalls;

    /// <summary>
    /// Calls minus the weights recorded: the untimed calls the running timed call stands for, less any
    /// credited earlier and never made (then negative; the merge scales the times by it).
    /// </summary>
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

    /// <summary>Records a timed call of a sampled probe: it stands for itself and the untimed calls of its gap, credited here.</summary>
    internal void RecordWeighted(long elapsed, long self, bool outermost, bool faulted)
    {
        long weight = Math.Max(1, PendingWeight + 1);
        PendingWeight -= weight - 1;
        Probe.RecordWeighted(elapsed, self, outermost, faulted, weight);
        Calls++;
        InclusiveTicks += elapsed * weight;
        SelfTicks += self * weight;
    }
}
