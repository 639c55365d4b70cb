namespace Edm.Profiling.EventPipe;

/// <summary>
/// A read-only stream over byte arrays read one after the other: a made-up trace held in pieces below the
/// large-object threshold (<see cref="SyntheticNetTrace.EveryKindInSegments"/>) read as one stream.
/// </summary>
internal sealed class SegmentStream(IReadOnlyList<byte[]> segments) : Stream
{
    private int _segment;
    private int _offset;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = 0;
        while (read < buffer.Length && _segment < segments.Count)
        {
            ReadOnlySpan<byte> left = segments[_segment].AsSpan(_offset);
            int taken = Math.Min(left.Length, buffer.Length - read);
            left[..taken].CopyTo(buffer[read..]);
            read += taken;
            _offset += taken;
            if (_offset == segments[_segment].Length)
            {
                _segment++;
                _offset = 0;
            }
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
