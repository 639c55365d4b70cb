namespace Edm.Profiling.EventPipe;

/// <summary>
/// Equality of the <see cref="ulong"/> keys of the live readers' tables (type ids, module ids), in plain
/// arithmetic. With the default comparer, the runtime's tiering of <c>Dictionary&lt;ulong, …&gt;</c>'s lookup,
/// once the reader makes it hot, calls the framework's comparer out of line for the first time, long after the
/// reader's warm-up (<see cref="LiveReaderWarmUp"/>): a first call that puts off the program's tiering. These
/// two methods are called by the warm-up and call nothing.
/// </summary>
internal sealed class UInt64Keys : IEqualityComparer<ulong>
{
    internal static readonly UInt64Keys Instance = new();

    private UInt64Keys()
    {
    }

    public bool Equals(ulong x, ulong y) => x == y;

    public int GetHashCode(ulong obj) => (int)obj ^ (int)(obj >> 32);
}
