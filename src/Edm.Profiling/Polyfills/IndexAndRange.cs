#if NETSTANDARD2_0
// netstandard2.0 lacks System.Index and System.Range, which `^1` and `a..b` compile to. Only what
// those expressions need (strings and spans slice through Substring and Slice).
namespace System;

internal readonly struct Index
{
    private readonly int _value;

    public Index(int value, bool fromEnd = false) => _value = fromEnd ? ~value : value;

    public static Index Start => new(0);

    public static Index End => new(0, fromEnd: true);

    public bool IsFromEnd => _value < 0;

    public int Value => _value < 0 ? ~_value : _value;

    public static implicit operator Index(int value) => new(value);

    public int GetOffset(int length) => IsFromEnd ? length - Value : Value;
}

internal readonly struct Range(Index start, Index end)
{
    public Index Start { get; } = start;

    public Index End { get; } = end;

    public static Range StartAt(Index start) => new(start, Index.End);

    public static Range EndAt(Index end) => new(Index.Start, end);

    public static Range All => new(Index.Start, Index.End);

    public (int Offset, int Length) GetOffsetAndLength(int length)
    {
        int start = Start.GetOffset(length);
        int end = End.GetOffset(length);
        if ((uint)end > (uint)length || (uint)start > (uint)end)
        {
            throw new ArgumentOutOfRangeException(nameof(length));
        }

        return (start, end - start);
    }
}
#endif
