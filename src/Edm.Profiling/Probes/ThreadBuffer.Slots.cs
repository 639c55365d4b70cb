using System.Runtime.CompilerServices;

namespace Edm.Profiling;

/// <summary>
/// The per-probe and per-path slots, created on a thread's first call of a probe or path. Their bytes
/// count as the profiler's own, so no Detailed call is charged with them.
/// </summary>
internal sealed partial class ThreadBuffer
{
    private ProbeSlot SlotOf(int probeId)
    {
        ProbeSlot?[] slots = Probes;
        if ((uint)probeId < (uint)slots.Length && slots[probeId] is { } existing)
        {
            return existing;
        }

        return CreateSlot(probeId);
    }

    private ProbeSlot CreateSlot(int probeId)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        ProbeSlot slot = AddSlot(probeId);
        _ownAllocations += GC.GetAllocatedBytesForCurrentThread() - before;
        return slot;
    }

    private ProbeSlot AddSlot(int probeId)
    {
        ProbeSlot?[] slots = Probes;
        if (probeId >= slots.Length)
        {
            var grown = new ProbeSlot?[Math.Max(probeId + 1, slots.Length * 2)];
            slots.CopyTo(grown, 0);
            Probes = slots = grown;
        }

        var slot = new ProbeSlot();
        if (SessionState.ReservoirSize > 0)
        {
            slot.Reservoir = new long[SessionState.ReservoirSize];
        }

        slots[probeId] = slot;
        return slot;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PathSlot PathSlotOf(int pathIndex, int probeId)
    {
        PathSlot?[] slots = Paths;
        return (uint)pathIndex < (uint)slots.Length && slots[pathIndex] is { } existing ? existing : CreatePathSlot(pathIndex, probeId);
    }

    // Out of line on purpose: a call path's first call only; PathSlotOf stays small enough to inline.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private PathSlot CreatePathSlot(int pathIndex, int probeId)
    {
        ProbeSlot probe = SlotOf(probeId); // counts its own allocations
        long before = GC.GetAllocatedBytesForCurrentThread();
        PathSlot?[] slots = Paths;
        if (pathIndex >= slots.Length)
        {
            var grown = new PathSlot?[Math.Max(pathIndex + 1, slots.Length * 2)];
            slots.CopyTo(grown, 0);
            Paths = slots = grown;
        }

        var created = slots[pathIndex] = new PathSlot(probe);
        _ownAllocations += GC.GetAllocatedBytesForCurrentThread() - before;
        return created;
    }
}
