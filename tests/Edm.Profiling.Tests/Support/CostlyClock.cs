namespace Edm.Profiling.Tests.Support;

/// <summary>
/// A manual clock (1 tick = 1 ns) on which every timestamp read itself costs <see cref="ReadCost"/> ns:
/// a probe whose cost is known exactly. A synchronous probe reads twice, so a call carries one read
/// inside its own time and two inside its caller's. The cost can be changed while a session runs
/// (<see cref="ReadCost"/>), as a probe's cost in the program's warmed code differs from the start calibration's.
/// </summary>
internal sealed class CostlyClock : IDisposable
{
    private readonly IDisposable _restore;
    private long _now = 1_000_000;
    private long _readCost;

    private CostlyClock(long readCost)
    {
        _readCost = readCost;
        _restore = ProbeClock.Override(Read, 1_000_000_000);
    }

    internal long ReadCost
    {
        get => Volatile.Read(ref _readCost);
        set => Volatile.Write(ref _readCost, value);
    }

    private long Read()
    {
        long cost = ReadCost;
        return Interlocked.Add(ref _now, cost) - cost;
    }

    internal static CostlyClock Install(long readCost) => new(readCost);

    /// <summary>The program's own work: time that passes without a read.</summary>
    internal void Advance(long ns) => Interlocked.Add(ref _now, ns);

    public void Dispose() => _restore.Dispose();
}
