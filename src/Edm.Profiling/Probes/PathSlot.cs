namespace Edm.Profiling;

/// <summary>One thread's figures for one call-tree node (<see cref="CallPath"/>).</summary>
internal sealed class PathSlot
{
    internal long Calls;
    internal long InclusiveTicks;
    internal long SelfTicks;
    internal long AllocatedBytes;
    internal long SelfAllocatedBytes;
}
