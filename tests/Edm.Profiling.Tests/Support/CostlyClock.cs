namespace Edm.Profiling.Tests.Support;

/// <summary>
/// A manual clock (1 tick = 1 ns) on which every timestamp read itself costs <see cref="ReadCost"/> ns:
/// a probe whose cost is known exactly. A synchronous probe reads twice, so a call carries one read
/// inside its own time and two inside its caller's.
/// </summary>
internal sealed class CostlyClock : IDisposable
{
    private readonly IDisposable _restore;
    private long _now = 1_000_000;

    private CostlyClock(long readCost)
    {
        ReadCost = readCost;
        _restore = ProbeClock.Override(() => Interlocked.Add(ref _now, readCost) - readCost, 1_000_000_000);
    }

    internal long ReadCost { get; }

    internal static CostlyClock Install(long readCost) => new(readCost);

    /// <summary>The program's own work: time that passes without a read.</summary>
    internal void Advance(long ns) => Interlocked.Add(ref _now, ns);

    public void Dispose() => _restore.Dispose();
}
