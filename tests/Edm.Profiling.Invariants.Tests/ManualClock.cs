namespace Edm.Profiling.Invariants.Tests;

/// <summary>A clock that moves only when told, installed as the probes' timestamp source (1 tick = 1 ns).</summary>
internal sealed class ManualClock : IDisposable
{
    private readonly IDisposable _restore;
    private long _now = 1_000_000;

    private ManualClock() => _restore = ProbeClock.Override(() => Volatile.Read(ref _now), 1_000_000_000);

    internal long Now => Volatile.Read(ref _now);

    internal static ManualClock Install() => new();

    /// <summary>Runs before each <see cref="Advance"/>: a test's hook to act at points inside the program (an interval cut).</summary>
    internal Action? BeforeAdvance { get; set; }

    internal void Advance(long ns)
    {
        BeforeAdvance?.Invoke();
        Interlocked.Add(ref _now, ns);
    }

    public void Dispose() => _restore.Dispose();
}
