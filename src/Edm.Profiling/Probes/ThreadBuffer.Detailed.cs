using System.Runtime.CompilerServices;

namespace Edm.Profiling;

/// <summary>The Detailed layer's figures: allocated bytes, collections, sampled CPU time, and I/O over scopes.</summary>
internal sealed partial class ThreadBuffer
{
    /// <summary>Reads the Detailed layer's counters at a call's start: collections, sometimes CPU time, allocated bytes last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void BeginDetailed(ref Frame frame)
    {
        // Every collection counts in generation 0: while that count stands still, the gen-1 and
        // gen-2 counts this thread last read are still current, which saves two runtime calls.
        int gen0 = GC.CollectionCount(0);
        if (gen0 != _gen0Seen)
        {
            _gen0Seen = gen0;
            _gen1Seen = GC.CollectionCount(1);
            _gen2Seen = GC.CollectionCount(2);
        }

        frame.Gen0AtStart = gen0;
        frame.Gen1AtStart = _gen1Seen;
        frame.Gen2AtStart = _gen2Seen;
        if (IsCpuSample(frame.ProbeId))
        {
            frame.CpuStartNs = ThreadCpuClock.NowNs();
        }

        frame.OwnAllocAtStart = _ownAllocations;
        frame.AllocStart = GC.GetAllocatedBytesForCurrentThread();
    }

    /// <summary>
    /// Whether this call reads the CPU clock: the first Detailed call of each probe on each thread
    /// (so a method called once, however long, has its CPU time), then one call in a random gap of
    /// mean <see cref="SessionState.CpuSampleInterval"/>. Per probe and random, so a loop that
    /// alternates two methods cannot hand every reading to one of them, as a per-thread count of an
    /// even interval would.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsCpuSample(int probeId)
    {
        ProbeSlot?[] probes = Probes;
        if ((uint)probeId >= (uint)probes.Length || probes[probeId] is not { } slot)
        {
            return true; // the probe's first call on this thread: its slot is made when it exits
        }

        if (--slot.CpuCountdown > 0)
        {
            return false;
        }

        slot.CpuCountdown = NextGap(SessionState.CpuSampleInterval);
        return true;
    }

    private static void RecordDetailed(ProbeSlot slot, ref Frame frame, long elapsed, long allocated, long selfAllocated)
    {
        slot.DetailedCalls++;
        slot.AllocatedBytes += allocated;
        slot.SelfAllocatedBytes += selfAllocated;
        // Every collection counts in generation 0, so an unchanged gen-0 count means none happened.
        int gen0 = GC.CollectionCount(0);
        if (gen0 != frame.Gen0AtStart)
        {
            slot.Gen0Collections += gen0 - frame.Gen0AtStart;
            slot.Gen1Collections += GC.CollectionCount(1) - frame.Gen1AtStart;
            slot.Gen2Collections += GC.CollectionCount(2) - frame.Gen2AtStart;
        }
        if (frame.CpuStartNs >= 0)
        {
            long cpuEnd = ThreadCpuClock.NowNs();
            if (cpuEnd >= frame.CpuStartNs)
            {
                slot.CpuSampledCalls++;
                slot.CpuSampledWallTicks += elapsed;
                slot.CpuSampledCpuNs += cpuEnd - frame.CpuStartNs;
            }
        }
    }

    /// <summary>Adds thread I/O counted over a scope to its probe.</summary>
    internal void RecordIo(int probeId, in IoSnapshot start, in IoSnapshot end)
    {
        ProbeSlot slot = SlotOf(probeId);
        slot.IoSamples++;
        slot.IoReadBytes += end.ReadBytes - start.ReadBytes;
        slot.IoWriteBytes += end.WriteBytes - start.WriteBytes;
        slot.IoReadCalls += end.ReadCalls - start.ReadCalls;
        slot.IoWriteCalls += end.WriteCalls - start.WriteCalls;
    }

    /// <summary>
    /// Adds the managed-heap and working-set change across one Detailed scope to its probe. Both are
    /// process-wide, so a scope that ended on another thread is added by the thread it ended on.
    /// </summary>
    internal void RecordHeapDelta(int probeId, long managedDelta, long workingSetDelta)
    {
        ProbeSlot slot = SlotOf(probeId);
        slot.HeapSamples++;
        slot.HeapDeltaSum += managedDelta;
        slot.MinHeapDelta = Math.Min(slot.MinHeapDelta, managedDelta);
        slot.MaxHeapDelta = Math.Max(slot.MaxHeapDelta, managedDelta);
        slot.WorkingSetDeltaSum += workingSetDelta;
    }
}
