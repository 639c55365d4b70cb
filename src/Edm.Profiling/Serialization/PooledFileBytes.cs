using System.Buffers;

namespace Edm.Profiling;

/// <summary>
/// A whole file's bytes in a buffer rented from <see cref="ArrayPool{T}.Shared"/>; dispose to give it back.
/// A session is read whole, and <see cref="File.ReadAllBytes(string)"/> gave every load a fresh array
/// of the file's size: for a 15 MB session that is a zeroed large-object-heap array whose pages are
/// touched for the first time by the read, and 15 MB more towards the next full collection.
/// </summary>
/// <remarks>
/// Nothing read from the buffer may keep a reference into it: the readers copy what they keep
/// (strings, arrays), and the buffer goes back to the pool when the caller is done.
/// </remarks>
internal readonly struct PooledFileBytes : IDisposable
{
    private readonly byte[] _buffer;

    private PooledFileBytes(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    /// <summary>How many bytes the file held.</summary>
    internal int Length { get; }

    /// <summary>The file's bytes.</summary>
    internal ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>Reads the file whole; the exceptions are <see cref="File.ReadAllBytes(string)"/>'s.</summary>
    internal static PooledFileBytes Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        long length = stream.Length;
        if (length >= int.MaxValue)
        {
            throw new IOException($"the file is too large to read whole ({length} bytes)");
        }

        // One byte more than the file's length, so the read that finds its end needs no larger buffer.
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)length + 1);
        int count = 0;
        try
        {
            while (true)
            {
                if (count == buffer.Length)
                {
                    // The file grew while it was read.
                    byte[] larger = ArrayPool<byte>.Shared.Rent(checked(buffer.Length * 2));
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = stream.Read(buffer, count, buffer.Length - count);
                if (read == 0)
                {
                    return new PooledFileBytes(buffer, count);
                }

                count += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
