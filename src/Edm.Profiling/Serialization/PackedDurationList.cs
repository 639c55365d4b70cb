using System.Collections;

namespace Edm.Profiling;

/// <summary>
/// Duration samples as a session file holds them (<c>samples.packedDurationsNs</c>, see
/// <see cref="PackedDurations"/>), decoded on first use. The reader checks the bytes when it reads them
/// (they decode, no value is negative) and keeps them, a byte or two a value: a 10,000-probe session's
/// million samples as arrays of <c>long</c> were 8 MB that every collection during the load copied,
/// and a report that never looks at the samples (most of them) decoded them for nothing.
/// </summary>
/// <remarks>
/// Decoding is idempotent: two threads that use the list at once may both decode it, and either
/// result is the same. Writing the session again writes the bytes as read, which decode to the same values.
/// </remarks>
internal sealed class PackedDurationList : IReadOnlyList<long>
{
    private readonly byte[] _packed;
    private long[]? _values;

    /// <summary>Bytes already checked to hold <paramref name="count"/> non-negative values.</summary>
    internal PackedDurationList(byte[] packed, int count)
    {
        _packed = packed;
        Count = count;
    }

    /// <inheritdoc />
    public int Count { get; }

    /// <summary>The packed bytes, as read.</summary>
    internal ReadOnlySpan<byte> Packed => _packed;

    /// <summary>The values, decoded the first time they are asked for.</summary>
    internal long[] Values => _values ??= PackedDurations.Decode(_packed) ?? throw new InvalidOperationException("packed durations were checked when read");

    /// <inheritdoc />
    public long this[int index] => Values[index];

    /// <inheritdoc />
    public IEnumerator<long> GetEnumerator() => ((IEnumerable<long>)Values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
